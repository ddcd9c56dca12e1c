#!/bin/sh
# debug.sh: the run-script hook's debugging aid (after kea-hook-runscript's examples/debug.sh).
# Prints the hook point and every variable the hook passed. gitdhcp logs each line of the
# script's stdout with the hook point (event RUN_SCRIPT_OUTPUT), so
#
#   journalctl -u gitdhcp -f | grep RUN_SCRIPT_OUTPUT
#
# shows what a script would see at each point. Works with both forms:
#
#   hooks-libraries:
#     - library: /usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_run_script.so   # Kea's names
#       parameters: { name: debug.sh }
#     - library: /opt/kea-hook-runscript/kea-hook-runscript.so               # KEA_* names
#       parameters: { script: debug.sh, wait: false }
#
# The script must be in the scripts directory (KEA_HOOK_SCRIPTS_PATH, default
# /usr/local/share/kea/scripts) and executable.

echo "== $1 =="
env | LC_ALL=C sort
exit 0
