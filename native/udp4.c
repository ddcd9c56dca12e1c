/*
 * gitdhcp_udp4: one DHCPv4 UDP socket per network interface, for Node through N-API.
 *
 * Node's dgram cannot say on which interface a datagram arrived (no IP_PKTINFO) nor tie a
 * socket to an interface (no SO_BINDTODEVICE), and a socket bound to 0.0.0.0 cannot send to
 * 255.255.255.255 on a link without a route. A DHCP server needs all three; this file adds
 * them and nothing else. src/server/transport/native.ts describes the JS-visible API:
 *
 *   open(ifname, port, rcvbufBytes, meta: Uint32Array, cb) -> handle   (bound, not reading)
 *   start(handle)                       begin delivering batches to cb(err, buf, count)
 *   send(handle, buf, addr, port, from) one sendmsg with IP_PKTINFO
 *   sendBatch(handle, buf, meta, count) sendmmsg; per-message errno written into meta
 *   localPort(handle) / close(handle) / ifNameToIndex(name)
 *
 * Addresses cross the boundary as host-order uint32 (192.0.2.1 = 0xC0000201), as in src/net.
 * Receive path: on readiness, recvmmsg() drains up to BATCH datagrams into a fixed arena; they
 * are packed into ONE new Buffer per batch and described in the caller's Uint32Array (no other
 * allocation per datagram). Errors are thrown as Error objects with Node's errno names in
 * `code` (EADDRINUSE, ENODEV, EPERM...), plus `errno` and `syscall`, like Node's own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <node_api.h>
#include <uv.h>

#define BATCH 64          /* datagrams per recvmmsg / sendmmsg call */
#define MAX_ROUNDS 16     /* recvmmsg calls per wakeup, so one busy link cannot starve the loop */
#define SLOT_BYTES 4096   /* per received datagram, as Kea's receive buffer; larger = truncated */
#define RECV_FIELDS 7     /* meta per received datagram: offset, length, srcAddr, srcPort, dstAddr, ifindex, flags */
#define SEND_FIELDS 6     /* meta per datagram to send: offset, length, addr, port, from, result (out: errno or 0) */
#define FLAG_TRUNCATED 1
#define CTRL_BYTES CMSG_SPACE(sizeof(struct in_pktinfo))

typedef struct {
  napi_env env;
  int fd;                 /* -1 once closed */
  unsigned ifindex;
  char ifname[IF_NAMESIZE];
  int is_reading;         /* uv_poll started */
  int is_handle_live;     /* uv_poll initialised and its close callback not yet run */
  int is_finalized;       /* the JS handle was garbage-collected */
  uv_poll_t poll;
  napi_ref self, callback, meta_ref;
  uint32_t *meta;         /* data of meta_ref: BATCH * RECV_FIELDS */
  napi_async_context async;
  napi_async_cleanup_hook_handle cleanup;
  /* receive arena, reused for every batch */
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  struct sockaddr_in src[BATCH];
  unsigned char ctrl[BATCH][CTRL_BYTES];
  unsigned char data[BATCH][SLOT_BYTES];
} sock_t;

/* ---- errors ------------------------------------------------------------------------------ */

/* Error(code = errno name) with `errno` and `syscall`, e.g. "bind EADDRINUSE 0.0.0.0:67 on eth0". */
static napi_value errno_error(napi_env env, int err, const char *syscall, const char *detail) {
  char msg[256];
  napi_value code, text, error, num, sc;
  const char *name = uv_err_name(-err);
  snprintf(msg, sizeof msg, "%s %s %s", syscall, name, detail);
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &text);
  napi_create_error(env, code, text, &error);
  napi_create_int32(env, err, &num);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &sc);
  napi_set_named_property(env, error, "errno", num);
  napi_set_named_property(env, error, "syscall", sc);
  return error;
}

static napi_value throw_errno(napi_env env, int err, const char *syscall, const char *detail) {
  napi_throw(env, errno_error(env, err, syscall, detail));
  return NULL;
}

static napi_value throw_type(napi_env env, const char *msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
  return NULL;
}

/* ---- lifetime: the struct is freed when both the JS handle is gone and the uv handle closed -- */

static void on_handle_closed(uv_handle_t *h) {
  sock_t *s = h->data;
  s->is_handle_live = 0;
  if (s->cleanup != NULL) napi_remove_async_cleanup_hook(s->cleanup); /* environment may now end */
  s->cleanup = NULL;
  if (s->is_finalized) free(s);
}

/* Stops polling and closes the descriptor; safe to call twice. Calls no JS. */
static void shutdown_socket(sock_t *s) {
  if (s->fd < 0) return;
  uv_close((uv_handle_t *)&s->poll, on_handle_closed); /* also stops the poll */
  close(s->fd);
  s->fd = -1;
  s->is_reading = 0;
}

/* Node is tearing the environment down (exit, worker end) with the socket still open. */
static void on_env_cleanup(napi_async_cleanup_hook_handle handle, void *data) {
  sock_t *s = data;
  (void)handle;
  if (s->fd >= 0) shutdown_socket(s); /* on_handle_closed removes the hook */
}

static void finalize(napi_env env, void *data, void *hint) {
  sock_t *s = data;
  (void)env; (void)hint;
  s->is_finalized = 1;
  if (!s->is_handle_live) free(s);
}

/* Reads the external handle argument; NULL (with a pending exception) when closed or wrong. */
static sock_t *get_open(napi_env env, napi_value v) {
  void *p = NULL;
  if (napi_get_value_external(env, v, &p) != napi_ok || p == NULL) { throw_type(env, "expected a socket handle"); return NULL; }
  sock_t *s = p;
  if (s->fd < 0) { throw_errno(env, EBADF, "use", "socket is closed"); return NULL; }
  return s;
}

/* ---- open / start / close ------------------------------------------------------------------- */

static int set_int(int fd, int level, int opt, int value) { return setsockopt(fd, level, opt, &value, sizeof value); }

/* open(ifname, port, rcvbufBytes, meta: Uint32Array(BATCH*RECV_FIELDS), cb) -> handle */
static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5], handle;
  uint32_t port, rcvbuf;
  size_t len, meta_len;
  char ifname[IF_NAMESIZE + 1], detail[64];
  napi_typedarray_type meta_type;
  void *meta_data;
  napi_valuetype cb_type;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 5 || napi_get_value_string_utf8(env, argv[0], ifname, sizeof ifname, &len) != napi_ok) return throw_type(env, "open(ifname, port, rcvbuf, meta, cb)");
  if (len == 0 || len >= IF_NAMESIZE) return throw_errno(env, EINVAL, "open", "interface name must be 1-15 bytes");
  if (napi_get_value_uint32(env, argv[1], &port) != napi_ok || port > 65535) return throw_type(env, "port must be 0-65535");
  if (napi_get_value_uint32(env, argv[2], &rcvbuf) != napi_ok) return throw_type(env, "rcvbuf must be a number");
  if (napi_get_typedarray_info(env, argv[3], &meta_type, &meta_len, &meta_data, NULL, NULL) != napi_ok ||
      meta_type != napi_uint32_array || meta_len < BATCH * RECV_FIELDS) return throw_type(env, "meta must be a Uint32Array(448)");
  if (napi_typeof(env, argv[4], &cb_type) != napi_ok || cb_type != napi_function) return throw_type(env, "cb must be a function");

  snprintf(detail, sizeof detail, "0.0.0.0:%u on %s", port, ifname);
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket", detail);
  const char *failed = NULL;
  if (set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1) < 0) failed = "setsockopt(SO_REUSEADDR)";
  else if (set_int(fd, SOL_SOCKET, SO_BROADCAST, 1) < 0) failed = "setsockopt(SO_BROADCAST)";
  /* Before bind: the device takes part in the port-conflict check and in receive matching. */
  else if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)len) < 0) failed = "setsockopt(SO_BINDTODEVICE)";
  else if (set_int(fd, IPPROTO_IP, IP_PKTINFO, 1) < 0) failed = "setsockopt(IP_PKTINFO)";
  /* SO_RCVBUFFORCE passes net.core.rmem_max when privileged; otherwise the capped request. */
  else if (rcvbuf > 0 && set_int(fd, SOL_SOCKET, SO_RCVBUFFORCE, (int)rcvbuf) < 0 &&
           set_int(fd, SOL_SOCKET, SO_RCVBUF, (int)rcvbuf) < 0) failed = "setsockopt(SO_RCVBUF)";
  else {
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = { htonl(INADDR_ANY) } };
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) failed = "bind";
  }
  if (failed != NULL) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, failed, detail);
  }

  sock_t *s = calloc(1, sizeof *s);
  if (s == NULL) { close(fd); return throw_errno(env, ENOMEM, "open", detail); }
  s->env = env;
  s->fd = fd;
  s->ifindex = if_nametoindex(ifname);
  memcpy(s->ifname, ifname, len + 1);
  s->meta = meta_data;
  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  int r = uv_poll_init_socket(loop, &s->poll, fd);
  if (r < 0) { close(fd); free(s); return throw_errno(env, -r, "uv_poll_init", detail); }
  s->poll.data = s;
  s->is_handle_live = 1;
  napi_create_external(env, s, finalize, NULL, &handle);
  /* Strong references until close(): an open socket is never collected (as a dgram socket). */
  napi_create_reference(env, handle, 1, &s->self);
  napi_create_reference(env, argv[4], 1, &s->callback);
  napi_create_reference(env, argv[3], 1, &s->meta_ref);
  napi_value name;
  napi_create_string_utf8(env, "gitdhcp:udp4", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, handle, name, &s->async);
  napi_add_async_cleanup_hook(env, on_env_cleanup, s, &s->cleanup);
  return handle;
}

/* Calls cb(err, buf, count) the way Node calls its own I/O callbacks (microtasks run after). */
static void deliver(sock_t *s, napi_value err, napi_value buf, uint32_t count) {
  napi_env env = s->env;
  napi_value cb, recv, argv[3], exc;
  bool pending = false;
  napi_get_reference_value(env, s->callback, &cb);
  napi_get_reference_value(env, s->self, &recv);
  napi_get_null(env, &argv[0]);
  if (err != NULL) argv[0] = err;
  if (buf != NULL) argv[1] = buf; else napi_get_undefined(env, &argv[1]);
  napi_create_uint32(env, count, &argv[2]);
  napi_make_callback(env, s->async, recv, cb, 3, argv, NULL);
  /* An exception from cb would otherwise stay pending here; report it as Node does. */
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
    napi_get_and_clear_last_exception(env, &exc);
    napi_fatal_exception(env, exc);
  }
}

/* Packs n received datagrams into one Buffer and describes them in s->meta. */
static napi_value pack_batch(sock_t *s, int n) {
  size_t total = 0, off = 0;
  void *dst;
  napi_value buf;
  for (int i = 0; i < n; i++) total += s->msgs[i].msg_len < SLOT_BYTES ? s->msgs[i].msg_len : SLOT_BYTES;
  napi_create_buffer(s->env, total, &dst, &buf);
  for (int i = 0; i < n; i++) {
    struct msghdr *h = &s->msgs[i].msg_hdr;
    uint32_t len = s->msgs[i].msg_len < SLOT_BYTES ? s->msgs[i].msg_len : SLOT_BYTES;
    uint32_t *m = s->meta + i * RECV_FIELDS;
    uint32_t dst_addr = 0, ifindex = s->ifindex;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c != NULL; c = CMSG_NXTHDR(h, c)) {
      if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
        struct in_pktinfo pi;
        memcpy(&pi, CMSG_DATA(c), sizeof pi);
        dst_addr = ntohl(pi.ipi_addr.s_addr); /* header destination: 255.255.255.255 or ours */
        ifindex = (uint32_t)pi.ipi_ifindex;
      }
    }
    memcpy((unsigned char *)dst + off, s->data[i], len);
    m[0] = (uint32_t)off;
    m[1] = len;
    m[2] = ntohl(s->src[i].sin_addr.s_addr);
    m[3] = ntohs(s->src[i].sin_port);
    m[4] = dst_addr;
    m[5] = ifindex;
    m[6] = (h->msg_flags & MSG_TRUNC) ? FLAG_TRUNCATED : 0;
    off += len;
  }
  return buf;
}

/* The socket is readable: drain it in batches of up to BATCH datagrams. */
static void on_readable(uv_poll_t *p, int status, int events) {
  sock_t *s = p->data;
  napi_handle_scope scope;
  (void)events;
  napi_open_handle_scope(s->env, &scope);
  if (status < 0) deliver(s, errno_error(s->env, -status, "poll", s->ifname), NULL, 0);
  for (int round = 0; status >= 0 && round < MAX_ROUNDS && s->is_reading; round++) {
    for (int i = 0; i < BATCH; i++) {
      s->iov[i] = (struct iovec){ .iov_base = s->data[i], .iov_len = SLOT_BYTES };
      s->msgs[i].msg_hdr = (struct msghdr){ .msg_name = &s->src[i], .msg_namelen = sizeof s->src[i],
        .msg_iov = &s->iov[i], .msg_iovlen = 1, .msg_control = s->ctrl[i], .msg_controllen = CTRL_BYTES };
    }
    int n = recvmmsg(s->fd, s->msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        deliver(s, errno_error(s->env, errno, "recvmmsg", s->ifname), NULL, 0);
      }
      break;
    }
    deliver(s, NULL, pack_batch(s, n), (uint32_t)n); /* cb may call close(): is_reading turns 0 */
    if (n < BATCH) break; /* drained; level-triggered poll wakes us again for more */
  }
  napi_close_handle_scope(s->env, scope);
}

static napi_value js_start(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  sock_t *s = get_open(env, argv[0]);
  if (s == NULL || s->is_reading) return NULL;
  int r = uv_poll_start(&s->poll, UV_READABLE, on_readable);
  if (r < 0) return throw_errno(env, -r, "uv_poll_start", s->ifname);
  s->is_reading = 1;
  return NULL;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void *p = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_external(env, argv[0], &p) != napi_ok || p == NULL) return throw_type(env, "expected a socket handle");
  sock_t *s = p;
  if (s->fd < 0) return NULL; /* closing twice is harmless */
  shutdown_socket(s);
  napi_async_destroy(env, s->async);
  napi_delete_reference(env, s->callback);
  napi_delete_reference(env, s->meta_ref);
  napi_delete_reference(env, s->self); /* from now on the handle may be collected */
  s->meta = NULL;
  return NULL;
}

/* ---- send ------------------------------------------------------------------------------------ */

/* Fills one outgoing message: destination, and IP_PKTINFO = (this interface, source `from`). */
static void fill_msg(sock_t *s, struct msghdr *h, struct iovec *iov, struct sockaddr_in *to, unsigned char *ctrl,
                     void *data, size_t len, uint32_t addr, uint32_t port, uint32_t from) {
  *to = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr = { htonl(addr) } };
  *iov = (struct iovec){ .iov_base = data, .iov_len = len };
  memset(ctrl, 0, CTRL_BYTES);
  *h = (struct msghdr){ .msg_name = to, .msg_namelen = sizeof *to, .msg_iov = iov, .msg_iovlen = 1,
                        .msg_control = ctrl, .msg_controllen = CTRL_BYTES };
  struct cmsghdr *c = CMSG_FIRSTHDR(h);
  c->cmsg_level = IPPROTO_IP;
  c->cmsg_type = IP_PKTINFO;
  c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
  struct in_pktinfo pi = { .ipi_ifindex = (int)s->ifindex, .ipi_spec_dst = { htonl(from) } };
  memcpy(CMSG_DATA(c), &pi, sizeof pi);
}

/* send(handle, buf, addr, port, from): one datagram; throws on failure (EAGAIN included). */
static napi_value js_send(napi_env env, napi_callback_info info) {
  size_t argc = 5, len;
  napi_value argv[5];
  void *data;
  uint32_t addr, port, from;
  struct msghdr h;
  struct iovec iov;
  struct sockaddr_in to;
  unsigned char ctrl[CTRL_BYTES];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  sock_t *s = get_open(env, argv[0]);
  if (s == NULL) return NULL;
  if (napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok || napi_get_value_uint32(env, argv[2], &addr) != napi_ok ||
      napi_get_value_uint32(env, argv[3], &port) != napi_ok || napi_get_value_uint32(env, argv[4], &from) != napi_ok)
    return throw_type(env, "send(handle, buf, addr, port, from)");
  fill_msg(s, &h, &iov, &to, ctrl, data, len, addr, port, from);
  if (sendmsg(s->fd, &h, 0) < 0) return throw_errno(env, errno, "sendmsg", s->ifname);
  return NULL;
}

/* sendBatch(handle, buf, meta, count) -> number sent. Per message, meta's `result` field gets 0
 * or the errno; a failing message is skipped and the rest still go. EAGAIN (send buffer full)
 * stops the batch: the unsent rest keep result EAGAIN. */
static napi_value js_send_batch(napi_env env, napi_callback_info info) {
  size_t argc = 4, len, meta_len;
  napi_value argv[4], out;
  void *data, *meta_data;
  uint32_t count, sent = 0;
  napi_typedarray_type type;
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  struct sockaddr_in to[BATCH];
  unsigned char ctrl[BATCH][CTRL_BYTES];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  sock_t *s = get_open(env, argv[0]);
  if (s == NULL) return NULL;
  if (napi_get_buffer_info(env, argv[1], &data, &len) != napi_ok ||
      napi_get_typedarray_info(env, argv[2], &type, &meta_len, &meta_data, NULL, NULL) != napi_ok || type != napi_uint32_array ||
      napi_get_value_uint32(env, argv[3], &count) != napi_ok || (size_t)count * SEND_FIELDS > meta_len)
    return throw_type(env, "sendBatch(handle, buf, meta: Uint32Array(count*6), count)");
  uint32_t *meta = meta_data;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t *m = meta + i * SEND_FIELDS;
    if ((size_t)m[0] + m[1] > len) return throw_errno(env, EINVAL, "sendBatch", "datagram outside the buffer");
    m[5] = EAGAIN;
  }
  uint32_t next = 0;
  while (next < count) {
    unsigned n = count - next < BATCH ? count - next : BATCH;
    for (unsigned i = 0; i < n; i++) {
      uint32_t *m = meta + (next + i) * SEND_FIELDS;
      fill_msg(s, &msgs[i].msg_hdr, &iov[i], &to[i], ctrl[i], (unsigned char *)data + m[0], m[1], m[2], m[3], m[4]);
    }
    int r = sendmmsg(s->fd, msgs, n, 0);
    if (r > 0) {
      for (int i = 0; i < r; i++) meta[(next + i) * SEND_FIELDS + 5] = 0;
      next += (uint32_t)r;
      sent += (uint32_t)r;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      break;
    } else if (errno != EINTR) {
      meta[next * SEND_FIELDS + 5] = (uint32_t)errno; /* the first message failed: skip it */
      next++;
    }
  }
  napi_create_uint32(env, sent, &out);
  return out;
}

/* ---- small queries --------------------------------------------------------------------------- */

static napi_value js_local_port(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], out;
  struct sockaddr_in a;
  socklen_t alen = sizeof a;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  sock_t *s = get_open(env, argv[0]);
  if (s == NULL) return NULL;
  if (getsockname(s->fd, (struct sockaddr *)&a, &alen) < 0) return throw_errno(env, errno, "getsockname", s->ifname);
  napi_create_uint32(env, ntohs(a.sin_port), &out);
  return out;
}

/* ifNameToIndex(name) -> index, 0 when there is no such interface. */
static napi_value js_if_name_to_index(napi_env env, napi_callback_info info) {
  size_t argc = 1, len;
  napi_value argv[1], out;
  char name[IF_NAMESIZE + 1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok) return throw_type(env, "ifNameToIndex(name)");
  napi_create_uint32(env, len < IF_NAMESIZE ? if_nametoindex(name) : 0, &out);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "open", NULL, js_open, NULL, NULL, NULL, napi_enumerable, NULL },
    { "start", NULL, js_start, NULL, NULL, NULL, napi_enumerable, NULL },
    { "send", NULL, js_send, NULL, NULL, NULL, napi_enumerable, NULL },
    { "sendBatch", NULL, js_send_batch, NULL, NULL, NULL, napi_enumerable, NULL },
    { "localPort", NULL, js_local_port, NULL, NULL, NULL, napi_enumerable, NULL },
    { "close", NULL, js_close, NULL, NULL, NULL, napi_enumerable, NULL },
    { "ifNameToIndex", NULL, js_if_name_to_index, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  napi_value batch;
  napi_create_uint32(env, BATCH, &batch);
  napi_set_named_property(env, exports, "BATCH", batch);
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
