#!/usr/bin/env node
// The govchain CLI. A committed shim, so that npm links the command at install time, before
// the TypeScript is built; the program itself is gateway-client/dist/cli.js (npm run build).
'use strict';
require('../dist/cli.js');
