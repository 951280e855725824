import { bundleLambda } from './bundle-lambda.ts';

// `pnpm bundle`: writes dist/lambda/index.mjs, which the stack deploys as the function's code.
const { file, bytes } = await bundleLambda();
console.log(`bundled ${file} (${(bytes / 1024 / 1024).toFixed(2)} MiB)`);
