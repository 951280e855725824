import { App } from 'aws-cdk-lib';
import { readAppSettings } from './app-context.ts';
import { PaymentsStack } from './payments-stack.ts';

// The CDK app `cdk.json` runs: `npx cdk synth -c stage=dev`, `npx cdk deploy -c stage=prod`.
// Account and region come from the CLI's profile unless the context names them.
const app = new App();
const { stackId, props } = readAppSettings((key) => app.node.tryGetContext(key));
new PaymentsStack(app, stackId, {
  ...props,
  env: {
    account: props.env?.account ?? process.env.CDK_DEFAULT_ACCOUNT,
    region: props.env?.region ?? process.env.CDK_DEFAULT_REGION,
  },
});
app.synth();
