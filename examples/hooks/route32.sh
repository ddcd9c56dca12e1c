#!/bin/sh
# route32.sh: host routes for addresses leased one by one (/32 leasing), after
# kea-hook-runscript's examples/slash32_leases. When a client gets or renews a lease, a route to
# its address is added: via the relay (giaddr) when the query was relayed, else out of the
# interface the query came in on. When the lease is released or expires, the route goes away.
# A routing daemon can then announce these routes (e.g. BIRD with "protocol kernel").
#
# Runs unchanged with both forms of the run-script hook:
#   - Kea's libdhcp_run_script.so names ({"name": "route32.sh"}): leases4_committed,
#     lease4_renew, lease4_release, lease4_expire;
#   - kea-hook-runscript names ({"script": "route32.sh"}): lease4_select (when not a fake
#     allocation), lease4_renew, lease4_release, lease4_expire.
# It must be in the scripts directory (KEA_HOOK_SCRIPTS_PATH) and the server needs the right to
# change routes (CAP_NET_ADMIN). It always exits 0 or 1 (never 3/4, which with sync/wait would
# skip or drop the packet), so a route that cannot be added never refuses a lease; the error
# is in the log (stderr, event RUN_SCRIPT_OUTPUT).
#
# POSIX sh; needs iproute2.

PROTO=static    # routes carry this protocol, so only ours are ever deleted

# add_route ADDRESS RELAYED GIADDR IFACE
add_route() {
  [ -n "$1" ] && [ "$1" != 0.0.0.0 ] || return 0
  if [ "$2" = true ] || [ "$2" = 1 ]; then
    ip route replace "$1/32" via "$3" proto "$PROTO"
  elif [ -n "$4" ]; then
    ip route replace "$1/32" dev "$4" proto "$PROTO"
  else
    echo "route32: no interface known for $1; route not added" >&2
    return 1
  fi
}

# del_route ADDRESS: deletes our route; none there is not an error.
del_route() {
  [ -n "$1" ] && [ "$1" != 0.0.0.0 ] || return 0
  ip -4 route show "$1/32" proto "$PROTO" | grep -q . || return 0
  ip route del "$1/32" proto "$PROTO"
}

# The value of the variable whose name is $1 (POSIX sh has no ${!name}).
var() {
  eval "printf '%s' \"\${$1:-}\""
}

status=0
if [ -n "${KEA_QUERY4_TYPE+x}${KEA_LEASE4_ADDRESS+x}" ]; then
  # kea-hook-runscript
  case "$1" in
    lease4_select)
      [ "$KEA_FAKE_ALLOCATION" = 0 ] || exit 0     # a DISCOVER: nothing is leased yet
      add_route "$KEA_LEASE4_ADDRESS" "$KEA_QUERY4_RELAYED" "$KEA_QUERY4_GIADDR" "$KEA_QUERY4_INTERFACE" || status=1 ;;
    lease4_renew)
      add_route "$KEA_LEASE4_ADDRESS" "$KEA_QUERY4_RELAYED" "$KEA_QUERY4_GIADDR" "$KEA_QUERY4_INTERFACE" || status=1 ;;
    lease4_release|lease4_expire)
      del_route "$KEA_LEASE4_ADDRESS" || status=1 ;;
  esac
else
  # Kea's libdhcp_run_script.so
  case "$1" in
    leases4_committed)
      i=0
      while [ "$i" -lt "${LEASES4_SIZE:-0}" ]; do
        add_route "$(var "LEASES4_AT${i}_ADDRESS")" "$QUERY4_RELAYED" "$QUERY4_GIADDR" "$QUERY4_IFACE_NAME" || status=1
        i=$((i + 1))
      done
      i=0
      while [ "$i" -lt "${DELETED_LEASES4_SIZE:-0}" ]; do
        del_route "$(var "DELETED_LEASES4_AT${i}_ADDRESS")" || status=1
        i=$((i + 1))
      done ;;
    lease4_renew)
      add_route "$LEASE4_ADDRESS" "$QUERY4_RELAYED" "$QUERY4_GIADDR" "$QUERY4_IFACE_NAME" || status=1 ;;
    lease4_release|lease4_expire)
      del_route "$LEASE4_ADDRESS" || status=1 ;;
  esac
fi
exit "$status"
