// Loaded into the Agents Playground's process (node --require): a server that listens on a port
// without naming a host listens on DEMO_LISTEN_HOST (default 127.0.0.1), not on every interface.
// The Playground names none and has no option for it; without this, anyone on the network could
// open the demo's Teams client and act as the attendance officer.
'use strict';
const net = require('node:net');
const host = process.env.DEMO_LISTEN_HOST || '127.0.0.1';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [first, second] = args;
  if ((typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) && (args.length === 1 || typeof second === 'function')) {
    args.splice(1, 0, host);
  } else if (first && typeof first === 'object' && !('path' in first) && !('fd' in first) && !('_handle' in first) && first.host === undefined) {
    args[0] = { ...first, host };
  }
  return listen.apply(this, args);
};
