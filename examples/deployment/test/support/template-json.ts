import type { Template } from 'aws-cdk-lib/assertions';

/** One IAM statement as it appears in the template. */
export interface TemplateStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every identity policy in the template (inline role policies included). */
export function allStatements(template: Template): TemplateStatement[] {
  const resources = template.toJSON().Resources as Resources;
  const statements: TemplateStatement[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type === 'AWS::IAM::Policy') {
      const document = resource.Properties?.PolicyDocument as { Statement: TemplateStatement[] };
      statements.push(...document.Statement);
    }
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (resource.Properties?.Policies ?? []) as Array<{
        PolicyDocument: { Statement: TemplateStatement[] };
      }>) {
        statements.push(...policy.PolicyDocument.Statement);
      }
    }
  }
  return statements;
}

/** The statement's actions as a list. */
export const actionsOf = (statement: TemplateStatement): string[] => asList(statement.Action);

/** The statement's resources as a list. */
export const resourcesOf = (statement: TemplateStatement): unknown[] => asList(statement.Resource);

/**
 * The table a DynamoDB resource names: a created table's `Fn::GetAtt [id, Arn]` is looked up by
 * its logical id; an imported table's ARN is an `Fn::Join` ending in `:table/<name>`. Anything
 * else (an index ARN, a wildcard) gives a description that no table name equals.
 */
export function tableNameOf(template: Template, resource: unknown): string {
  const resources = template.toJSON().Resources as Resources;
  const value = resource as { 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]] };
  if (value['Fn::GetAtt'] && value['Fn::GetAtt'][1] === 'Arn') {
    const target = resources[value['Fn::GetAtt'][0]];
    if (target?.Type === 'AWS::DynamoDB::Table') return String(target.Properties?.TableName);
  }
  if (value['Fn::Join']) {
    const parts = value['Fn::Join'][1];
    const last = parts[parts.length - 1];
    // An index ARN: the table's ARN followed by `/index/<name>`.
    const index = typeof last === 'string' ? /^\/index\/([^/]+)$/.exec(last) : null;
    if (index?.[1] && parts.length === 2) return `${tableNameOf(template, parts[0])}/index/${index[1]}`;
    const match = typeof last === 'string' ? /:table\/([^/]+)(\/index\/[^/]+)?$/.exec(last) : null;
    if (match?.[1]) return `${match[1]}${match[2] ?? ''}`;
  }
  return `not a table ARN: ${JSON.stringify(resource)}`;
}

/** The text a resource would read as, with intrinsic references replaced by `<ref>`. */
export function flattenArn(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const value = resource as { 'Fn::Join'?: [string, unknown[]] };
  if (value['Fn::Join']) return value['Fn::Join'][1].map(flattenArn).join(value['Fn::Join'][0]);
  return '<ref>';
}

/** Every statement of the identity policies attached to one role (by its logical id). */
export function statementsOfRole(template: Template, roleId: string): TemplateStatement[] {
  const resources = template.toJSON().Resources as Resources;
  const statements: TemplateStatement[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (resource.Properties?.Roles ?? []) as Array<{ Ref?: string }>;
    if (!roles.some((role) => role.Ref === roleId)) continue;
    const document = resource.Properties?.PolicyDocument as { Statement: TemplateStatement[] } | undefined;
    statements.push(...(document?.Statement ?? []));
  }
  return statements;
}

/** The logical id prefix of each function of the stack (its construct path). */
const FUNCTION_IDS = {
  webhooks: 'WebhooksHandler',
  checkout: 'CheckoutHandler',
  admin: 'AdminHandler',
  operations: 'OperationsFunctionHandler',
} as const;

/** One function of the stack: its logical id, properties and the logical id of its role. */
export function functionOf(
  template: Template,
  name: keyof typeof FUNCTION_IDS,
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation resources are untyped JSON
): { id: string; properties: Record<string, any>; roleId: string } {
  const resources = template.toJSON().Resources as Resources;
  const found = Object.entries(resources).filter(
    ([id, resource]) => resource.Type === 'AWS::Lambda::Function' && id.startsWith(FUNCTION_IDS[name]),
  );
  if (found.length !== 1) throw new Error(`expected one ${name} function, found ${found.length}`);
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation resources are untyped JSON
  const [id, resource] = found[0] as [string, { Properties: Record<string, any> }];
  const role = resource.Properties.Role as { 'Fn::GetAtt': [string, string] };
  return { id, properties: resource.Properties, roleId: role['Fn::GetAtt'][0] };
}
