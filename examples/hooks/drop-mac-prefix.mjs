// A gitdhcp hook module: clients whose MAC address starts with one of `prefixes` get no answer.
// Kea users know this hook point as pkt4_receive: the packet is parsed and classified, and a
// callout that sets DROP discards it (nothing is sent, nothing is counted as a lease).
//
//   hooks-libraries:
//     - library: hooks/drop-mac-prefix.mjs          # relative to the configuration file
//       parameters: { prefixes: ["02:00:5e", "de:ad:be"] }

/** @param {import('../../src/hooks/types.js').HookLibraryApi} api (the API: README, "Hooks") */
export function load(api) {
  const prefixes = api.parameters.prefixes;
  if (!Array.isArray(prefixes) || prefixes.some((p) => typeof p !== 'string')) {
    throw new Error('parameters.prefixes must be a list of MAC prefixes such as "02:00:5e"');
  }
  const wanted = prefixes.map((p) => p.toLowerCase());
  api.register('pkt4_receive', (handle) => {
    const query = handle.get('query4');
    const mac = Array.from(query.chaddr.subarray(0, query.hlen), (b) => b.toString(16).padStart(2, '0')).join(':');
    if (wanted.some((p) => mac.startsWith(p))) {
      handle.setStatus('drop');
      api.log.info(`dropped a packet from ${mac}`, { mac });
    }
  });
}
