// The package's API with a parse() that never returns on some inputs: what the soak harness's
// time limit is for (test/fuzz.test.ts).
import { parse as realParse } from '../../dist/index.js';

export * from '../../dist/index.js';

export function parse(text) {
  if (text.length % 3 === 0) for (;;);
  return realParse(text);
}
