// Preloaded into the Agents Playground (node --require): every server it starts listens
// on 127.0.0.1 only, instead of on all interfaces.
"use strict";
const net = require("net");
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listen(...args) {
  if (args.length > 0 && typeof args[0] === "object" && args[0] !== null && !Array.isArray(args[0])) {
    if (!args[0].host && args[0].path === undefined) args[0] = { ...args[0], host: "127.0.0.1" };
  } else if (typeof args[0] === "number" || (typeof args[0] === "string" && /^\d+$/.test(args[0]))) {
    if (typeof args[1] !== "string") args.splice(1, 0, "127.0.0.1");
  }
  return originalListen.apply(this, args);
};
