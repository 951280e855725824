import { Duration } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** Every route of the contract's HTTP API (CONTRACT §2), as API Gateway route keys. */
export const PAYMENTS_ROUTES = [
  { method: HttpMethod.POST, path: '/registrations' },
  { method: HttpMethod.POST, path: '/payments' },
  { method: HttpMethod.POST, path: '/payments/webhook' },
  { method: HttpMethod.POST, path: '/payments/cancel' },
  { method: HttpMethod.GET, path: '/payments/sessions/{sessionId}' },
  { method: HttpMethod.GET, path: '/registrations/{email}/{eventID}/{year}' },
  { method: HttpMethod.GET, path: '/memberships/{email}' },
  { method: HttpMethod.GET, path: '/health' },
  { method: HttpMethod.GET, path: '/health/ready' },
] as const;

/** Settings of {@link PaymentsApi}. */
export interface PaymentsApiProps {
  handler: IFunction;
  /** Browser origins allowed by CORS: the frontend's, the same list as `ALLOWED_REDIRECT_ORIGINS`. */
  allowedOrigins: readonly string[];
  /** Steady requests per second and burst for the whole API; 429s beyond (Stripe retries webhooks). */
  throttle?: { rateLimit: number; burstLimit: number };
}

/**
 * An API Gateway HTTP API (payload 2.0) with exactly the contract's routes, all sent to one
 * function. Anything else is answered 404 by API Gateway without invoking the function. CORS
 * preflights are answered by API Gateway for the allowed origins only, with the methods and
 * headers the payments handler itself allows.
 */
export class PaymentsApi extends Construct {
  readonly httpApi: HttpApi;
  /** The API's base URL, ending with `/`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PaymentsApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'BizTech payments: registrations, Stripe Checkout, webhooks',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['content-type', 'authorization', 'x-request-id'],
        maxAge: Duration.minutes(10),
      },
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
    });
    this.url = stage.url;
    const integration = new HttpLambdaIntegration('Payments', props.handler);
    for (const route of PAYMENTS_ROUTES) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration });
    }
  }
}
