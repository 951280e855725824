import { Duration } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** The Lambda functions that serve HTTP routes, one per route family. */
export type HttpFunctionName = 'webhooks' | 'checkout' | 'admin';

/**
 * Every route of the HTTP API (CONTRACT §2 and §5), as API Gateway route keys, each with the
 * function of its family: `webhooks` (Stripe's events), `checkout` (registrations and Checkout
 * sessions), `admin` (the operator API, the personal reads, health and the API's documentation).
 */
export const PAYMENTS_ROUTES = [
  { method: HttpMethod.POST, path: '/payments/webhook', function: 'webhooks' },
  { method: HttpMethod.POST, path: '/payments/cancel', function: 'webhooks' },
  { method: HttpMethod.POST, path: '/registrations', function: 'checkout' },
  { method: HttpMethod.GET, path: '/registrations', function: 'checkout' },
  { method: HttpMethod.POST, path: '/payments', function: 'checkout' },
  { method: HttpMethod.GET, path: '/registrations/{email}/{eventID}/{year}/offer', function: 'checkout' },
  { method: HttpMethod.GET, path: '/payments/sessions/{sessionId}', function: 'checkout' },
  { method: HttpMethod.GET, path: '/registrations/{email}/{eventID}/{year}', function: 'admin' },
  { method: HttpMethod.PUT, path: '/registrations/{email}/{fname}', function: 'admin' },
  { method: HttpMethod.POST, path: '/registrations/{email}/{eventID}/{year}/confirm', function: 'admin' },
  { method: HttpMethod.GET, path: '/memberships/{email}', function: 'admin' },
  { method: HttpMethod.GET, path: '/health', function: 'admin' },
  { method: HttpMethod.GET, path: '/health/ready', function: 'admin' },
  { method: HttpMethod.GET, path: '/openapi.json', function: 'admin' },
  { method: HttpMethod.GET, path: '/docs', function: 'admin' },
  { method: HttpMethod.GET, path: '/admin/events/{eventID}/{year}/registrations', function: 'admin' },
  {
    method: HttpMethod.POST,
    path: '/admin/registrations/{email}/{eventID}/{year}/decision',
    function: 'admin',
  },
  {
    method: HttpMethod.POST,
    path: '/admin/registrations/{email}/{eventID}/{year}/check-in',
    function: 'admin',
  },
  {
    method: HttpMethod.POST,
    path: '/admin/registrations/{email}/{eventID}/{year}/cancel',
    function: 'admin',
  },
  {
    method: HttpMethod.POST,
    path: '/admin/registrations/{email}/{eventID}/{year}/promote',
    function: 'admin',
  },
  { method: HttpMethod.POST, path: '/admin/memberships/{email}/grant', function: 'admin' },
  { method: HttpMethod.GET, path: '/admin/audit/registrations/{email}/{eventID}/{year}', function: 'admin' },
  { method: HttpMethod.GET, path: '/admin/audit/memberships/{email}', function: 'admin' },
  { method: HttpMethod.GET, path: '/admin/queue', function: 'admin' },
  { method: HttpMethod.POST, path: '/admin/queue/{id}/resolve', function: 'admin' },
  { method: HttpMethod.POST, path: '/admin/reconcile', function: 'admin' },
] as const satisfies ReadonlyArray<{ method: HttpMethod; path: string; function: HttpFunctionName }>;

/** Settings of {@link PaymentsApi}. */
export interface PaymentsApiProps {
  /** The function of each route family. */
  handlers: Readonly<Record<HttpFunctionName, IFunction>>;
  /** Browser origins allowed by CORS: the frontend's, the same list as `ALLOWED_REDIRECT_ORIGINS`. */
  allowedOrigins: readonly string[];
  /** Steady requests per second and burst for the whole API; 429s beyond (Stripe retries webhooks). */
  throttle?: { rateLimit: number; burstLimit: number };
}

/**
 * An API Gateway HTTP API (payload 2.0) with exactly the routes above, each sent to its family's
 * function (one integration per function). Anything else is answered 404 by API Gateway without
 * invoking a function. CORS preflights are answered by API Gateway for the allowed origins only,
 * with the methods and headers the payments handler itself allows.
 */
export class PaymentsApi extends Construct {
  readonly httpApi: HttpApi;
  /** The API's base URL, ending with `/`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PaymentsApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'BizTech payments: registrations, Stripe Checkout, webhooks, the operator API',
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
    const integrations = {
      webhooks: new HttpLambdaIntegration('Webhooks', props.handlers.webhooks),
      checkout: new HttpLambdaIntegration('Checkout', props.handlers.checkout),
      admin: new HttpLambdaIntegration('Admin', props.handlers.admin),
    } satisfies Record<HttpFunctionName, HttpLambdaIntegration>;
    for (const route of PAYMENTS_ROUTES) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: integrations[route.function],
      });
    }
  }
}
