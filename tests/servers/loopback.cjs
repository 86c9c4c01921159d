// Preloaded into Node test servers (`node --require tests/servers/loopback.cjs ...`): every server
// the process starts listens on 127.0.0.1 only (server-everything's Express app would otherwise
// listen on all interfaces), and the port it got is printed as `LISTENING <port>` on stderr.
'use strict';
const net = require('net');
const orig = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  this.once('listening', () => {
    const a = this.address();
    if (a && typeof a === 'object') process.stderr.write(`LISTENING ${a.port}\n`);
  });
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const rest = args.slice(1).filter((x) => typeof x === 'function');
    return orig.call(this, Number(args[0]), '127.0.0.1', ...rest);
  }
  if (args[0] && typeof args[0] === 'object' && !args[0].path) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return orig.apply(this, args);
};
