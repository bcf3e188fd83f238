#!/usr/bin/env node
import '../dist/bin/upstart-lint.mjs';
