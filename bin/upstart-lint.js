#!/usr/bin/env node
require('../dist/bin/upstart-lint.cjs');
