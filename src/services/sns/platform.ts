/** Mobile push: platform applications and their endpoints. */
import { randomUUID } from '../../core/ids.js';
import type { Ctx } from '../../core/context.js';
import { partitionOf, requireArn } from './arn.js';
import { invalidParameter, notFound, nullMember } from './errors.js';
import { decodeToken, page, PAGE_SIZE } from './pagination.js';

export const PLATFORMS = ['ADM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'MACOS', 'MACOS_SANDBOX', 'BAIDU', 'GCM', 'MPNS', 'WNS'];

/** Platforms whose credentials are a pair (principal + credential); GCM/FCM has a key only. */
const PAIRED = new Set(['ADM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'MACOS', 'MACOS_SANDBOX', 'BAIDU', 'MPNS', 'WNS']);

const SECRET_ATTRIBUTES = ['PlatformCredential', 'PlatformPrincipal'];
const ENDPOINT_ATTRIBUTES = ['CustomUserData', 'Enabled', 'Token'];

export interface PlatformApplicationRecord {
  arn: string;
  name: string;
  platform: string;
  attributes: Record<string, string>;
}

export interface PlatformEndpointRecord {
  arn: string;
  applicationArn: string;
  token: string;
  attributes: Record<string, string>;
}

interface AppRow {
  arn: string;
  name: string;
  platform: string;
  attributes: string;
}

interface EndpointRow {
  seq: number;
  arn: string;
  application_arn: string;
  token: string;
  attributes: string;
}

const toApp = (r: AppRow): PlatformApplicationRecord => ({
  arn: r.arn,
  name: r.name,
  platform: r.platform,
  attributes: JSON.parse(r.attributes) as Record<string, string>,
});

const toEndpoint = (r: EndpointRow): PlatformEndpointRecord => ({
  arn: r.arn,
  applicationArn: r.application_arn,
  token: r.token,
  attributes: JSON.parse(r.attributes) as Record<string, string>,
});

export function findPlatformApplication(ctx: Ctx, arn: string): PlatformApplicationRecord | undefined {
  const r = ctx.store.stmt<[string], AppRow>('SELECT * FROM sns_platform_applications WHERE arn = ?').get(arn);
  return r && toApp(r);
}

export function findPlatformEndpoint(ctx: Ctx, arn: string): PlatformEndpointRecord | undefined {
  const r = ctx.store.stmt<[string], EndpointRow>('SELECT * FROM sns_platform_endpoints WHERE arn = ?').get(arn);
  return r && toEndpoint(r);
}

function getApplication(ctx: Ctx, arn: string | undefined): PlatformApplicationRecord {
  requireArn(arn, 'PlatformApplicationArn');
  const app = findPlatformApplication(ctx, arn!);
  if (!app) throw notFound('PlatformApplication does not exist');
  return app;
}

function requireAttributes(attrs: Record<string, string> | undefined): Record<string, string> {
  if (!attrs || Object.keys(attrs).length === 0) throw nullMember('attributes');
  return attrs;
}

function validateAppName(name: string): void {
  let reason = '';
  if (name === '') reason = 'cannot be empty';
  else if (name.length > 256) reason = 'must be at most 256 characters long';
  else if (!/^[A-Za-z0-9._-]+$/.test(name)) reason = "must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'";
  if (reason) throw invalidParameter(`${name} Reason: ${reason}`);
}

/** Attributes as GetPlatformApplicationAttributes returns them: Enabled first, no secrets. */
function applicationAttributes(current: Record<string, string>, update: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { Enabled: current.Enabled ?? 'true', ...current };
  for (const [k, v] of Object.entries(update)) if (!SECRET_ATTRIBUTES.includes(k)) out[k] = v;
  return out;
}

export function createPlatformApplication(
  ctx: Ctx,
  input: { Name?: string; Platform?: string; Attributes?: Record<string, string> },
): { PlatformApplicationArn: string } {
  const name = input.Name ?? '';
  validateAppName(name);
  const platform = input.Platform ?? '';
  if (!PLATFORMS.includes(platform)) throw invalidParameter(`Platform Reason: ${platform} is not supported`);
  const attrs = requireAttributes(input.Attributes);
  if (PAIRED.has(platform)) {
    if ('PlatformCredential' in attrs && !('PlatformPrincipal' in attrs)) {
      throw invalidParameter('Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal');
    }
    if ('PlatformPrincipal' in attrs && !('PlatformCredential' in attrs)) {
      throw invalidParameter('Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential');
    }
  }
  const arn = `arn:${partitionOf(ctx.region)}:sns:${ctx.region}:${ctx.accountId}:app/${platform}/${name}`;
  const secrets: Record<string, string> = {};
  for (const k of SECRET_ATTRIBUTES) if (attrs[k] !== undefined) secrets[k] = attrs[k]!;
  ctx.store.write(() => {
    const existing = findPlatformApplication(ctx, arn);
    const attributes = applicationAttributes(existing?.attributes ?? {}, attrs);
    ctx.store
      .stmt(
        `INSERT INTO sns_platform_applications (arn, region, account, name, platform, attributes, secrets, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (arn) DO UPDATE SET attributes = excluded.attributes, secrets = excluded.secrets`,
      )
      .run(arn, ctx.region, ctx.accountId, name, platform, JSON.stringify(attributes), JSON.stringify(secrets), ctx.store.clock.now());
  });
  return { PlatformApplicationArn: arn };
}

export function deletePlatformApplication(ctx: Ctx, input: { PlatformApplicationArn?: string }): Record<string, never> {
  requireArn(input.PlatformApplicationArn, 'PlatformApplicationArn');
  ctx.store.write(() => {
    ctx.store.stmt('DELETE FROM sns_platform_endpoints WHERE application_arn = ?').run(input.PlatformApplicationArn);
    ctx.store.stmt('DELETE FROM sns_platform_applications WHERE arn = ?').run(input.PlatformApplicationArn);
  });
  return {};
}

export function listPlatformApplications(
  ctx: Ctx,
  input: { NextToken?: string },
): { PlatformApplications: { PlatformApplicationArn: string; Attributes: Record<string, string> }[]; NextToken?: string } {
  const after = decodeToken<string>(input.NextToken, 'string') ?? '';
  const rows = ctx.store
    .stmt<[string, string, string, number], AppRow>(
      'SELECT * FROM sns_platform_applications WHERE region = ? AND account = ? AND arn > ? ORDER BY arn LIMIT ?',
    )
    .all(ctx.region, ctx.accountId, after, PAGE_SIZE + 1);
  const { items, nextToken } = page(rows, (r) => r.arn);
  const out: { PlatformApplications: { PlatformApplicationArn: string; Attributes: Record<string, string> }[]; NextToken?: string } = {
    PlatformApplications: items.map((r) => ({ PlatformApplicationArn: r.arn, Attributes: toApp(r).attributes })),
  };
  if (nextToken) out.NextToken = nextToken;
  return out;
}

export function getPlatformApplicationAttributes(
  ctx: Ctx,
  input: { PlatformApplicationArn?: string },
): { Attributes: Record<string, string> } {
  return { Attributes: getApplication(ctx, input.PlatformApplicationArn).attributes };
}

export function setPlatformApplicationAttributes(
  ctx: Ctx,
  input: { PlatformApplicationArn?: string; Attributes?: Record<string, string> },
): Record<string, never> {
  requireArn(input.PlatformApplicationArn, 'PlatformApplicationArn');
  const attrs = requireAttributes(input.Attributes);
  ctx.store.write(() => {
    const app = getApplication(ctx, input.PlatformApplicationArn);
    const attributes = applicationAttributes(app.attributes, attrs);
    ctx.store.stmt('UPDATE sns_platform_applications SET attributes = ? WHERE arn = ?').run(JSON.stringify(attributes), app.arn);
  });
  return {};
}

function validateEndpointAttributes(attrs: Record<string, string>): void {
  for (const k of Object.keys(attrs)) {
    if (!ENDPOINT_ATTRIBUTES.includes(k)) throw invalidParameter(`Attributes Reason: Invalid attribute name: ${k}`);
  }
  if (attrs.CustomUserData !== undefined && Buffer.byteLength(attrs.CustomUserData, 'utf8') > 2048) {
    throw invalidParameter(
      'Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 bytes long in UTF-8 encoding',
    );
  }
  if (attrs.Enabled !== undefined && !['true', 'false'].includes(attrs.Enabled.toLowerCase())) {
    throw invalidParameter('Attributes Reason: Invalid value for attribute: Enabled: must be true or false');
  }
}

export function createPlatformEndpoint(
  ctx: Ctx,
  input: { PlatformApplicationArn?: string; Token?: string; CustomUserData?: string; Attributes?: Record<string, string> },
): { EndpointArn: string } {
  const attrs = { ...(input.Attributes ?? {}) };
  validateEndpointAttributes(attrs);
  const token = input.Token ?? '';
  if (token === '') throw invalidParameter('Token Reason: cannot be empty');
  return ctx.store.write(() => {
    const app = findPlatformApplication(ctx, input.PlatformApplicationArn ?? '');
    if (!app) throw notFound('PlatformApplication does not exist');
    // CustomUserData may come as a parameter or an attribute; the attribute wins
    if (input.CustomUserData !== undefined && attrs.CustomUserData === undefined) attrs.CustomUserData = input.CustomUserData;
    const attributes: Record<string, string> = { Enabled: 'true', Token: token, ...attrs };
    if (attrs.Enabled !== undefined) attributes.Enabled = attrs.Enabled.toLowerCase();
    const existing = ctx.store
      .stmt<[string, string], EndpointRow>('SELECT * FROM sns_platform_endpoints WHERE application_arn = ? AND token = ?')
      .get(app.arn, token);
    if (existing) {
      if (existing.attributes !== JSON.stringify(attributes)) {
        throw invalidParameter(`Token Reason: Endpoint ${existing.arn} already exists with the same Token, but different attributes.`);
      }
      return { EndpointArn: existing.arn };
    }
    const arn = `${app.arn.replace(':app/', ':endpoint/')}/${randomUUID()}`;
    ctx.store
      .stmt('INSERT INTO sns_platform_endpoints (arn, application_arn, token, attributes, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(arn, app.arn, token, JSON.stringify(attributes), ctx.store.clock.now());
    return { EndpointArn: arn };
  });
}

export function deleteEndpoint(ctx: Ctx, input: { EndpointArn?: string }): Record<string, never> {
  // a well-formed ARN of no endpoint is success (the call is idempotent); no ARN, or a malformed one, is not
  checkEndpointArn(input.EndpointArn);
  ctx.store.write(() => ctx.store.stmt('DELETE FROM sns_platform_endpoints WHERE arn = ?').run(input.EndpointArn ?? ''));
  return {};
}

function checkEndpointArn(arn: string | undefined): void {
  const parsed = requireArn(arn, 'EndpointArn');
  if (parsed.resource.split('/').length !== 4) {
    throw invalidParameter('EndpointArn Reason: Wrong number of slashes in relative portion of the ARN.');
  }
}

export function getEndpointAttributes(ctx: Ctx, input: { EndpointArn?: string }): { Attributes: Record<string, string> } {
  checkEndpointArn(input.EndpointArn);
  const endpoint = findPlatformEndpoint(ctx, input.EndpointArn!);
  if (!endpoint) throw notFound('Endpoint does not exist');
  return { Attributes: endpoint.attributes };
}

export function setEndpointAttributes(
  ctx: Ctx,
  input: { EndpointArn?: string; Attributes?: Record<string, string> },
): Record<string, never> {
  checkEndpointArn(input.EndpointArn);
  ctx.store.write(() => {
    const endpoint = findPlatformEndpoint(ctx, input.EndpointArn!);
    if (!endpoint) throw notFound('Endpoint does not exist');
    const attrs = requireAttributes(input.Attributes);
    validateEndpointAttributes(attrs);
    const attributes = { ...endpoint.attributes, ...attrs };
    if (attrs.Enabled !== undefined) attributes.Enabled = attrs.Enabled.toLowerCase();
    ctx.store
      .stmt('UPDATE sns_platform_endpoints SET attributes = ?, token = ? WHERE arn = ?')
      .run(JSON.stringify(attributes), attributes.Token ?? endpoint.token, endpoint.arn);
  });
  return {};
}

export function listEndpointsByPlatformApplication(
  ctx: Ctx,
  input: { PlatformApplicationArn?: string; NextToken?: string },
): { Endpoints: { EndpointArn: string; Attributes: Record<string, string> }[]; NextToken?: string } {
  const app = getApplication(ctx, input.PlatformApplicationArn);
  const after = decodeToken<number>(input.NextToken, 'number') ?? 0;
  const rows = ctx.store
    .stmt<[string, number, number], EndpointRow>(
      'SELECT * FROM sns_platform_endpoints WHERE application_arn = ? AND seq > ? ORDER BY seq LIMIT ?',
    )
    .all(app.arn, after, PAGE_SIZE + 1);
  const { items, nextToken } = page(rows, (r) => r.seq);
  const out: { Endpoints: { EndpointArn: string; Attributes: Record<string, string> }[]; NextToken?: string } = {
    Endpoints: items.map((r) => ({ EndpointArn: r.arn, Attributes: toEndpoint(r).attributes })),
  };
  if (nextToken) out.NextToken = nextToken;
  return out;
}

