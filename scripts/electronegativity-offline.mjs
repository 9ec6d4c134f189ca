// Loaded with `node --import` before electronegativity (scripts/electronegativity.mjs). The scanner
// asks the network twice: for translations of its messages and for Electron's release list. Both
// are optional (it has English built in, and -e gives it the installed Electron version), but on
// Node 24 an unreachable host ends in an uncaught error from got's retry timer, which kills the
// scan. This hands the scanner a `got` that fails at once, so it takes its own offline path
// ("No connectivity?") and the result never depends on this machine's network.
import Module from 'node:module';

const scannerDir = `${'@doyensec'}/electronegativity`;
const offline = () => Promise.reject(new Error('electronegativity runs offline here'));
const offlineGot = Object.assign(offline, { head: offline, get: offline, stream: offline, default: offline });

const load = Module._load;
Module._load = function loadOffline(request, parent, isMain) {
  if (request === 'got' && parent?.filename?.includes(scannerDir)) return offlineGot;
  return load.call(this, request, parent, isMain);
};
