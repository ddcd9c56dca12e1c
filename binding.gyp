{
  "targets": [
    {
      "target_name": "gitdhcp_udp4",
      "sources": ["native/udp4.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_c": ["-std=gnu11", "-Wall", "-Wextra", "-Werror=implicit-function-declaration"]
    }
  ]
}
