/**
 * The error base class and the catalogue of error codes. Every error the appliance raises is a
 * `GitdhcpError` with a code from `ErrorCodes`; `docs/errors.md` documents each code and
 * `test/catalogue.test.ts` keeps the two in step.
 */

/** Every error code, with what it means to an operator. */
export const ErrorCodes = {
  ERR_CONFIG_INVALID: 'a configuration was read but breaks the schema or a semantic rule',
  ERR_CLI_USAGE: 'the command line is not one gitdhcp understands',
  ERR_GIT_REVISION: 'a git revision or path named on the command line could not be read',
  ERR_EVAL_RUNTIME: 'a client-class expression failed while evaluating a packet; the class is not assigned (as in Kea)',
  ERR_CODEC_TRUNCATED:
    'a DHCPv4 datagram is shorter than the 236-octet BOOTP header, or its vendor area is too short to hold the magic cookie; the packet is dropped',
  ERR_CODEC_BAD_COOKIE:
    'a DHCPv4 datagram has a vendor area that does not start with the magic cookie 99.130.83.99; the packet is dropped',
  ERR_CODEC_BAD_HLEN:
    'a DHCPv4 datagram has a hardware address length (hlen) above 20, which Kea also rejects; the packet is dropped',
  ERR_CODEC_OPTION_OVERFLOW:
    'a DHCPv4 option has no length octet, or its length runs past the end of its area (options, file or sname); the packet is dropped unless lenient option parsing is on',
  ERR_CODEC_BAD_OVERLOAD:
    'a DHCPv4 option overload (52) is empty, longer than one octet or not 1, 2 or 3; the packet is dropped (an empty one even with lenient option parsing)',
  ERR_CODEC_OVERLOAD_LOOP:
    'a DHCPv4 option overload (52) appears inside the file or sname field it would redirect to; the packet is dropped unless lenient option parsing is on (then the inner option is ignored)',
  ERR_CODEC_BAD_MESSAGE_TYPE:
    'a DHCPv4 message type option (53) is empty or longer than one octet; the packet is dropped (a longer one is accepted with lenient option parsing)',
  ERR_CODEC_FIELD_RANGE:
    'a DHCPv4 packet to encode has a header field outside its range (for example chaddr longer than 16 octets); a bug in the code that built the packet',
  ERR_CODEC_BAD_OPTION_CODE:
    'a DHCPv4 option code outside 1-254 was set on a packet (0 is PAD and 255 is END); a bug in the code that built the packet',
  ERR_LEASE_INVALID:
    'a lease given to the lease store cannot be stored (a value out of range, or neither hardware address nor client id on a lease that is not declined); a bug in the code that built it',
  ERR_LEASE_WRITE:
    'appending lease rows to the lease file failed (disk full, I/O error); the leases of the failed batch stay in memory, their replies are not sent, and the rows are written with the next batch',
  ERR_LEASE_FILE:
    'a lease file cannot be opened, read or created (missing directory, permissions, a header that is not a Kea lease4 header)',
  ERR_LEASE_LOAD_ERRORS: 'a lease file has more malformed rows than max-row-errors allows; the server does not start',
  ERR_LEASE_LFC_RUNNING: 'another process holds the lease-file-cleanup PID file of this lease file; cleanup is skipped this time',
  ERR_LEASE_LFC: 'lease file cleanup failed; the files it works on are left for the next run',
  ERR_LEASE_CLOSED: 'the lease store was used after close(); a bug in the shutdown order',
  ERR_HOOK_LOAD:
    'a hook library could not be loaded: the module is missing or throws on import, it exports no load(), its load() failed, or its parameters are wrong; the configuration is not applied',
  ERR_HOOK_CONFIGURED_DROP: 'a dhcp4_srv_configured callout refused the configuration (status DROP); the configuration is not applied',
  ERR_ALLOC_NOT_CONFIGURED: 'the allocation engine was used before it was given a configuration; a bug in the startup order',
  ERR_ALLOC_UNKNOWN_SUBNET:
    'a request named a subnet id that is not in the configuration the engine was given (a packet processed against an older snapshot)',
} as const;
export type ErrorCode = keyof typeof ErrorCodes;

/** Base class of every error raised by gitdhcp: a stable `code` plus an optional `cause`. */
export class GitdhcpError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
