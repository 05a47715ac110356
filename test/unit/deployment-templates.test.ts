/**
 * Static and evaluated checks of the ARM templates in deploymentTemplates/.
 *
 * A small ARM expression evaluator (below) computes what Azure would: parameter values come from the
 * parameters files plus test values for the secrets, reference()/listKeys() return stand-ins for the
 * deployed resources (and fail if the resource would not be deployed in that scenario, or is not in
 * dependsOn), and the web app's app settings are then fed to the bot's own loadConfig().
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/errors/app-error';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'deploymentTemplates');
const EXISTING_RG = path.join(DIR, 'deployUseExistResourceGroup', 'template-with-rg.json');
const NEW_RG = path.join(DIR, 'deployWithNewResourceGroup', 'template-new-rg.json');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface ArmParameter {
  readonly type: string;
  readonly defaultValue?: Json;
  readonly allowedValues?: Json[];
}
interface ArmResource {
  readonly type: string;
  readonly name: string;
  readonly condition?: Json;
  readonly dependsOn?: string[];
  readonly properties?: JsonObject;
  readonly [k: string]: Json | undefined;
}
interface ArmTemplate {
  readonly $schema: string;
  readonly parameters: Record<string, ArmParameter>;
  readonly variables?: JsonObject;
  readonly resources: ArmResource[];
  readonly outputs?: Record<string, { type: string; value: Json }>;
}

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function readJson(file: string): JsonObject {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  assert.ok(isObject(parsed), `${file} holds an object`);
  return parsed;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? jsonFiles(path.join(dir, d.name)) : d.name.endsWith('.json') ? [path.join(dir, d.name)] : [],
  );
}

const files = jsonFiles(DIR);
const templates = files.filter((f) => /deploymentTemplate\.json#$/i.test(String(readJson(f).$schema)));
const parameterFiles = files.filter((f) => /deploymentParameters\.json#$/i.test(String(readJson(f).$schema)));
const template = (file: string): ArmTemplate => readJson(file) as unknown as ArmTemplate;

// ---------------------------------------------------------------- ARM expression evaluator (the subset the templates use)

type Node =
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[] }
  | { readonly kind: 'prop'; readonly target: Node; readonly name: string }
  | { readonly kind: 'index'; readonly target: Node; readonly index: Node };

function parseExpression(src: string): Node {
  let i = 0;
  const ws = (): void => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const expect = (c: string): void => {
    ws();
    assert.equal(src[i], c, `expected "${c}" at ${i} in [${src}]`);
    i++;
  };
  const ident = (): string => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    assert.ok(m, `identifier expected at ${i} in [${src}]`);
    i += m[0].length;
    return m[0];
  };
  const primary = (): Node => {
    ws();
    if (src[i] === "'") {
      let s = '';
      i++;
      for (;;) {
        assert.ok(i < src.length, `unterminated string in [${src}]`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      return { kind: 'str', value: s };
    }
    const num = /^-?\d+/.exec(src.slice(i));
    if (num) {
      i += num[0].length;
      return { kind: 'num', value: Number(num[0]) };
    }
    const name = ident();
    expect('(');
    const args: Node[] = [];
    ws();
    if (src[i] === ')') i++;
    else {
      for (;;) {
        args.push(expr());
        ws();
        if (src[i] === ',') {
          i++;
          continue;
        }
        expect(')');
        break;
      }
    }
    return { kind: 'call', name, args };
  };
  const expr = (): Node => {
    let n = primary();
    for (;;) {
      ws();
      if (src[i] === '.') {
        i++;
        n = { kind: 'prop', target: n, name: ident() };
      } else if (src[i] === '[') {
        i++;
        const index = expr();
        expect(']');
        n = { kind: 'index', target: n, index };
      } else return n;
    }
  };
  const n = expr();
  ws();
  assert.equal(i, src.length, `trailing input in [${src}]`);
  return n;
}

const SUBSCRIPTION_ID = '5f3c1b2a-0000-4000-8000-00000000aaaa';
const RESOURCE_GROUP = 'rg-incident-bridge-test';
const IDENTITY = { clientId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', principalId: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d' };
const STORAGE_KEY = 'c3RvcmFnZS1rZXktZm9yLXRlc3Rz';

interface ArmContext {
  readonly tenantId: string;
  readonly parameters: Readonly<Record<string, Json>>;
  /** Ids of resources deployed in this scenario (conditions true). Filled by deploy(). */
  deployed?: ReadonlySet<string>;
  /** Every id passed to reference()/listKeys() while evaluating. */
  readonly touched: Set<string>;
}

function resourceIdOf(type: string, names: readonly string[]): string {
  const [ns, ...types] = type.split('/');
  assert.equal(types.length, names.length, `resourceId(${type}) needs ${types.length} name segments, got ${names.join('/')}`);
  const tail = types.map((t, k) => `${t}/${names[k]}`).join('/');
  return `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP}/providers/${ns}/${tail}`;
}

function typeOfId(id: string): { type: string; name: string } {
  const m = /\/providers\/([^/]+)\/(.+)$/.exec(id);
  assert.ok(m, `not a resource id: ${id}`);
  const parts = m[2]!.split('/');
  const types = parts.filter((_, k) => k % 2 === 0);
  return { type: [m[1], ...types].join('/'), name: parts[parts.length - 1]! };
}

function str(v: Json, what: string): string {
  assert.equal(typeof v, 'string', `${what} must be a string, got ${JSON.stringify(v)}`);
  return v as string;
}

function evaluateNode(n: Node, tpl: ArmTemplate, ctx: ArmContext): Json {
  const ev = (x: Node): Json => evaluateNode(x, tpl, ctx);
  switch (n.kind) {
    case 'str':
    case 'num':
      return n.value;
    case 'prop': {
      const t = ev(n.target);
      assert.ok(isObject(t) && n.name in t, `property ${n.name} missing on ${JSON.stringify(t)}`);
      return t[n.name]!;
    }
    case 'index': {
      const t = ev(n.target);
      const k = ev(n.index);
      if (Array.isArray(t) && typeof k === 'number') return t[k]!;
      assert.ok(isObject(t) && typeof k === 'string' && k in t, `index ${String(k)} missing`);
      return t[k]!;
    }
    case 'call':
      break;
  }
  const a = n.args;
  const args = (): Json[] => a.map(ev);
  switch (n.name.toLowerCase()) {
    case 'parameters': {
      const name = str(ev(a[0]!), 'parameter name');
      const decl = tpl.parameters[name];
      assert.ok(decl, `parameters('${name}') is not declared`);
      const value = name in ctx.parameters ? ctx.parameters[name]! : decl.defaultValue;
      assert.ok(value !== undefined, `parameter ${name} has no value and no default`);
      const v = evaluateValue(value, tpl, ctx);
      if (decl.allowedValues) assert.ok(decl.allowedValues.includes(v), `${name}=${JSON.stringify(v)} not in allowedValues`);
      return v;
    }
    case 'variables': {
      const name = str(ev(a[0]!), 'variable name');
      assert.ok(tpl.variables && name in tpl.variables, `variables('${name}') is not declared`);
      return evaluateValue(tpl.variables[name]!, tpl, ctx);
    }
    case 'if':
      return ev(a[0]!) === true ? ev(a[1]!) : ev(a[2]!);
    case 'equals': {
      const [x, y] = args();
      return JSON.stringify(x) === JSON.stringify(y);
    }
    case 'not':
      return ev(a[0]!) !== true;
    case 'and':
      return args().every((x) => x === true);
    case 'or':
      return args().some((x) => x === true);
    case 'empty': {
      const v = ev(a[0]!);
      return v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
    }
    case 'concat': {
      const vs = args();
      if (vs.every(Array.isArray)) return (vs as Json[][]).flat();
      return vs.map((v) => (typeof v === 'number' ? String(v) : str(v, 'concat argument'))).join('');
    }
    case 'format': {
      const [fmt, ...rest] = args();
      return str(fmt!, 'format string').replace(/\{(\d+)\}/g, (_m, k: string) => String(rest[Number(k)]));
    }
    case 'string': {
      const v = ev(a[0]!);
      return typeof v === 'string' ? v : JSON.stringify(v);
    }
    case 'tolower':
      return str(ev(a[0]!), 'toLower argument').toLowerCase();
    case 'uniquestring':
      // Azure's is a 13-character base-32 hash; any stable 13 lowercase characters do here.
      return createHash('sha256').update(args().join('|')).digest('hex').slice(0, 13);
    case 'createobject': {
      const vs = args();
      const o: JsonObject = {};
      for (let k = 0; k < vs.length; k += 2) o[str(vs[k]!, 'createObject key')] = vs[k + 1]!;
      return o;
    }
    case 'createarray':
      return args();
    case 'resourcegroup':
      return { id: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP}`, name: RESOURCE_GROUP, location: 'westeurope' };
    case 'subscription':
      return { id: `/subscriptions/${SUBSCRIPTION_ID}`, subscriptionId: SUBSCRIPTION_ID, tenantId: ctx.tenantId };
    case 'environment':
      return { name: 'AzureCloud', suffixes: { storage: 'core.windows.net' } };
    case 'resourceid': {
      const vs = args().map((v) => str(v, 'resourceId argument'));
      const typeAt = vs.findIndex((v) => v.includes('/'));
      assert.equal(typeAt, 0, 'resourceId with a subscription or resource group argument is not expected inside the resource-group template');
      return resourceIdOf(vs[0]!, vs.slice(1));
    }
    case 'reference':
    case 'listkeys': {
      const id = str(ev(a[0]!), `${n.name} target`);
      assert.ok(a.length >= 2, `${n.name}(${id}) without an apiVersion only works for resources in the same template by name`);
      assert.ok(ctx.deployed?.has(id), `${n.name}(${id}) targets a resource that is not deployed in this scenario`);
      ctx.touched.add(id);
      const { type, name } = typeOfId(id);
      if (n.name.toLowerCase() === 'listkeys') {
        assert.equal(type, 'Microsoft.Storage/storageAccounts');
        return { keys: [{ keyName: 'key1', value: STORAGE_KEY }] };
      }
      if (type === 'Microsoft.ManagedIdentity/userAssignedIdentities') return { ...IDENTITY, tenantId: ctx.tenantId };
      if (type === 'Microsoft.Web/sites') return { defaultHostName: `${name}.azurewebsites.net` };
      return assert.fail(`no stand-in for reference(${type})`);
    }
    default:
      assert.fail(`ARM function ${n.name}() is not supported by this test's evaluator: add it`);
  }
}

function evaluateValue(v: Json, tpl: ArmTemplate, ctx: ArmContext): Json {
  if (typeof v === 'string') {
    if (v.startsWith('[[')) return v.slice(1);
    if (v.startsWith('[') && v.endsWith(']')) return evaluateNode(parseExpression(v.slice(1, -1)), tpl, ctx);
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => evaluateValue(x, tpl, ctx));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evaluateValue(x, tpl, ctx)]));
  return v;
}

interface DeployedResource {
  readonly id: string;
  readonly type: string;
  readonly body: JsonObject;
  readonly dependsOn: readonly string[];
  readonly touched: ReadonlySet<string>;
}

const TENANT = 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6';

/** Id of every resource in the template, deployed or not (conditions ignored). */
function declaredIds(tpl: ArmTemplate, parameters: Record<string, Json>): Set<string> {
  const ctx: ArmContext = { tenantId: TENANT, parameters, touched: new Set() };
  return new Set(tpl.resources.map((r) => resourceIdOf(r.type, str(evaluateValue(r.name, tpl, ctx), 'resource name').split('/'))));
}

/** Evaluates every resource of a resource-group template as Azure would for the given parameter values. */
function deploy(tpl: ArmTemplate, parameters: Record<string, Json>, tenantId = TENANT): Map<string, DeployedResource> {
  const base: ArmContext = { tenantId, parameters, touched: new Set() };
  const ids = tpl.resources.map((r) => {
    const on = r.condition === undefined ? true : evaluateValue(r.condition, tpl, base);
    const name = str(evaluateValue(r.name, tpl, base), 'resource name');
    return { r, on, id: resourceIdOf(r.type, name.split('/')) };
  });
  const deployed = new Set(ids.filter((x) => x.on === true).map((x) => x.id));
  const out = new Map<string, DeployedResource>();
  for (const { r, on, id } of ids) {
    if (on !== true) continue;
    const ctx: ArmContext = { tenantId, parameters, deployed, touched: new Set() };
    const { condition: _c, dependsOn: _d, ...rest } = r;
    const body = evaluateValue(rest as JsonObject, tpl, ctx) as JsonObject;
    const dependsOn = (r.dependsOn ?? []).map((d) => str(evaluateValue(d, tpl, ctx), 'dependsOn entry'));
    out.set(r.type, { id, type: r.type, body, dependsOn, touched: ctx.touched });
  }
  return out;
}

function get(resources: Map<string, DeployedResource>, type: string): DeployedResource {
  const r = resources.get(type);
  assert.ok(r, `${type} is deployed`);
  return r;
}

function appSettingsOf(site: DeployedResource): Record<string, string> {
  const settings = ((site.body.properties as JsonObject).siteConfig as JsonObject).appSettings as JsonObject[];
  const env: Record<string, string> = {};
  for (const s of settings) {
    const name = str(s.name!, 'app setting name');
    assert.ok(!(name in env), `app setting ${name} set twice`);
    env[name] = str(s.value!, `app setting ${name}`);
  }
  return env;
}

// ---------------------------------------------------------------- helpers over template text

/** Names used as parameters('x') / variables('x') in a template, not descending into inner-scope nested templates. */
function referencedNames(node: Json, fn: 'parameters' | 'variables', acc = new Set<string>()): Set<string> {
  if (typeof node === 'string') {
    if (node.startsWith('[') && !node.startsWith('[[')) for (const m of node.matchAll(new RegExp(`${fn}\\('([^']+)'\\)`, 'gi'))) acc.add(m[1]!);
  } else if (Array.isArray(node)) {
    for (const n of node) referencedNames(n, fn, acc);
  }
  else if (isObject(node)) {
    const innerScope = isObject(node.expressionEvaluationOptions) && node.expressionEvaluationOptions.scope === 'inner';
    for (const [k, v] of Object.entries(node)) {
      if (innerScope && k === 'template') continue;
      if (k === 'parameters' && isObject(v) && Object.values(v).every((p) => isObject(p) && 'type' in p)) {
        // A declarations block: only the defaults can reference things.
        for (const p of Object.values(v)) if (isObject(p) && p.defaultValue !== undefined) referencedNames(p.defaultValue, fn, acc);
        continue;
      }
      referencedNames(v, fn, acc);
    }
  }
  return acc;
}

function configVariableNames(): Set<string> {
  const src = readFileSync(path.join(ROOT, 'src', 'config.ts'), 'utf8');
  return new Set([...src.matchAll(/\b(?:str|int|oneOf(?:<[^>]+>)?|guid|url)\(env, '([^']+)'/g)].map((m) => m[1]!));
}

/** Settings App Service or its build (Oryx) read; the bot does not. */
const PLATFORM_SETTINGS = new Set(['SCM_DO_BUILD_DURING_DEPLOYMENT']);

function parametersFileFor(templateFile: string): string {
  return path.join(path.dirname(templateFile), `parameters-for-${path.basename(templateFile)}`);
}

function parameterValues(file: string): Record<string, Json> {
  const p = readJson(file).parameters as Record<string, { value: Json }>;
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.value]));
}

const APP_ID = '2c4e6a8b-1d3f-4a5b-9c7d-8e0f1a2b3c4d';
const ORGANIZER = '6f5e4d3c-2b1a-4098-8765-43210fedcba9';

type Scenario = 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
const SCENARIOS: readonly Scenario[] = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'];

function scenarioParameters(appType: Scenario): Record<string, Json> {
  return {
    ...parameterValues(parametersFileFor(EXISTING_RG)),
    appType,
    appId: appType === 'UserAssignedMSI' ? '' : APP_ID,
    appSecret: appType === 'UserAssignedMSI' ? '' : 'test-client-secret',
    meetingOrganizerId: ORGANIZER,
  };
}

// ---------------------------------------------------------------- tests

test('the layout follows the Bot Framework samples: existing and new resource group, each with a parameters file', () => {
  assert.deepEqual(
    files.map((f) => path.relative(DIR, f)).sort(),
    [
      'deployUseExistResourceGroup/parameters-for-template-with-rg.json',
      'deployUseExistResourceGroup/template-with-rg.json',
      'deployWithNewResourceGroup/parameters-for-template-new-rg.json',
      'deployWithNewResourceGroup/template-new-rg.json',
    ].map((p) => p.split('/').join(path.sep)),
  );
  assert.equal(templates.length, 2);
  assert.equal(parameterFiles.length, 2);
});

for (const file of [EXISTING_RG, NEW_RG]) {
  const rel = path.relative(DIR, file);
  test(`${rel}: every referenced parameter/variable is declared and every declared one is used`, () => {
    const tpl = template(file);
    const declaredParams = new Set(Object.keys(tpl.parameters));
    const usedParams = referencedNames(tpl as unknown as Json, 'parameters');
    assert.deepEqual([...usedParams].filter((p) => !declaredParams.has(p)), [], 'referenced but not declared');
    assert.deepEqual([...declaredParams].filter((p) => !usedParams.has(p)), [], 'declared but never used');
    const declaredVars = new Set(Object.keys(tpl.variables ?? {}));
    const usedVars = referencedNames(tpl as unknown as Json, 'variables');
    assert.deepEqual([...usedVars].filter((v) => !declaredVars.has(v)), [], 'variables referenced but not declared');
    assert.deepEqual([...declaredVars].filter((v) => !usedVars.has(v)), [], 'variables declared but never used');
  });

  test(`${rel}: secrets are securestring parameters without defaults; defaults respect allowedValues`, () => {
    const tpl = template(file);
    for (const [name, p] of Object.entries(tpl.parameters)) {
      if (/secret|password|key/i.test(name)) assert.equal(p.type.toLowerCase(), 'securestring', `${name} must be securestring`);
      if (p.type.toLowerCase() === 'securestring' || p.type.toLowerCase() === 'secureobject') assert.equal(p.defaultValue, undefined, `${name} must have no default`);
      if (p.allowedValues && p.defaultValue !== undefined) assert.ok(p.allowedValues.includes(p.defaultValue), `${name} default in allowedValues`);
    }
  });

  test(`${rel}: its parameters file names only declared parameters, holds no secret, and covers the required ones`, () => {
    const tpl = template(file);
    const pfile = parametersFileFor(file);
    const values = parameterValues(pfile);
    for (const name of Object.keys(values)) {
      const decl = tpl.parameters[name];
      assert.ok(decl, `${path.basename(pfile)} names undeclared parameter ${name}`);
      assert.notEqual(decl.type.toLowerCase(), 'securestring', `${name} is a secret: pass it on the command line`);
      if (decl.allowedValues) assert.ok(decl.allowedValues.includes(values[name]!), `${name} value allowed`);
    }
    for (const [name, p] of Object.entries(tpl.parameters)) {
      if (p.defaultValue === undefined && p.type.toLowerCase() !== 'securestring') assert.ok(name in values, `required parameter ${name} missing from ${path.basename(pfile)}`);
    }
  });
}

test('the new-resource-group template nests the existing-resource-group template verbatim and passes every parameter through', () => {
  const outer = template(NEW_RG);
  const inner = template(EXISTING_RG);
  assert.match(outer.$schema, /subscriptionDeploymentTemplate\.json#$/);
  const rg = outer.resources.find((r) => r.type === 'Microsoft.Resources/resourceGroups');
  assert.ok(rg);
  const nested = outer.resources.find((r) => r.type === 'Microsoft.Resources/deployments');
  assert.ok(nested?.properties);
  assert.equal(nested.resourceGroup, rg.name);
  assert.deepEqual(nested.properties.expressionEvaluationOptions, { scope: 'inner' });
  assert.deepEqual(nested.properties.template, inner as unknown as Json, 'nested template drifted from deployUseExistResourceGroup/template-with-rg.json');
  const passed = nested.properties.parameters as Record<string, { value: string }>;
  assert.deepEqual(Object.keys(passed).sort(), Object.keys(inner.parameters).sort(), 'every inner parameter is passed');
  for (const [name, { value }] of Object.entries(passed)) {
    const expected = name === 'location' ? "[parameters('groupLocation')]" : `[parameters('${name}')]`;
    assert.equal(value, expected, name);
    if (name !== 'location') assert.deepEqual(outer.parameters[name], inner.parameters[name], `parameter ${name} declared identically`);
  }
  assert.deepEqual(Object.keys(outer.outputs ?? {}).sort(), Object.keys(inner.outputs ?? {}).sort());
  for (const [name, o] of Object.entries(outer.outputs ?? {})) assert.match(String(o.value), new RegExp(`\\.outputs\\.${name}\\.value\\]$`));
});

for (const appType of SCENARIOS) {
  test(`appType=${appType}: the web app's settings are a complete production configuration for loadConfig`, () => {
    const resources = deploy(template(EXISTING_RG), scenarioParameters(appType));
    const site = get(resources, 'Microsoft.Web/sites');
    const env = appSettingsOf(site);

    // Every setting is one the bot reads (catches typos) or one App Service reads.
    const known = configVariableNames();
    assert.ok(known.has('MicrosoftAppId') && known.has('PUBLIC_BASE_URL'), 'config.ts variable names parsed');
    for (const name of Object.keys(env)) assert.ok(known.has(name) || PLATFORM_SETTINGS.has(name), `app setting ${name} is read by neither src/config.ts nor App Service`);

    const config = loadConfig(env);
    assert.equal(config.sandbox, false);
    assert.equal(config.bot.appType, appType === 'UserAssignedMSI' ? 'UserAssignedMsi' : appType);
    assert.equal(config.storage.kind, 'blob');
    assert.equal(config.storage.blobContainer, 'incidents');
    assert.match(config.storage.blobConnectionString ?? '', /^DefaultEndpointsProtocol=https;AccountName=ib[a-z0-9]{13};AccountKey=[^;]+;EndpointSuffix=core\.windows\.net$/);
    assert.equal(config.publicBaseUrl, 'https://incident-bridge-contoso.azurewebsites.net');
    assert.equal(config.meeting.organizerId, ORGANIZER);
    assert.equal(config.graph.tenantId, TENANT);
    if (appType === 'UserAssignedMSI') {
      assert.equal(config.bot.appId, IDENTITY.clientId);
      assert.equal(config.graph.credential, 'managedIdentity');
      assert.equal(config.graph.managedIdentityClientId, IDENTITY.clientId);
      assert.equal(config.bot.appTenantId, TENANT);
    } else {
      assert.equal(config.bot.appId, APP_ID);
      assert.equal(config.bot.appPassword, 'test-client-secret');
      assert.equal(config.graph.credential, 'clientSecret');
      assert.equal(config.graph.clientId, APP_ID);
      assert.equal(config.graph.clientSecret, 'test-client-secret');
    }

    // Which of them loadConfig cannot do without (dropping one alone makes it throw a ConfigError).
    const required = Object.keys(env).filter((name) => {
      const { [name]: _dropped, ...rest } = env;
      try {
        loadConfig(rest);
        return false;
      } catch (e: unknown) {
        assert.ok(e instanceof ConfigError, String(e));
        return true;
      }
    });
    const expectedRequired = ['MicrosoftAppId', 'PUBLIC_BASE_URL', 'AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONTAINER'];
    if (appType !== 'UserAssignedMSI') expectedRequired.push('MicrosoftAppPassword');
    // GRAPH_TENANT_ID falls back to MicrosoftAppTenantId, which only single-tenant and MSI bots carry.
    if (appType === 'MultiTenant') expectedRequired.push('GRAPH_TENANT_ID');
    if (appType === 'SingleTenant') expectedRequired.push('MicrosoftAppTenantId');
    // botbuilder's ConfigurationServiceClientCredentialFactory asserts the tenant for UserAssignedMsi too
    // (loadConfig does not check that), and that no password is set.
    if (appType === 'UserAssignedMSI') {
      assert.ok(env.MicrosoftAppTenantId, 'MicrosoftAppTenantId set for UserAssignedMsi');
      assert.equal(env.MicrosoftAppPassword, '', 'no MicrosoftAppPassword with UserAssignedMsi');
    }
    for (const name of expectedRequired) assert.ok(required.includes(name), `${name} is required (${required.join(', ')})`);
  });
}

test('a reference production configuration needs nothing the template does not set', () => {
  // Start from a complete env as an admin would write it by hand, find what loadConfig cannot do without,
  // and check the template sets each of those.
  const reference: Record<string, string> = {
    SANDBOX: 'off',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'x',
    MicrosoftAppTenantId: TENANT,
    GRAPH_CREDENTIAL: 'clientSecret',
    PUBLIC_BASE_URL: 'https://bot.example.com',
    STORAGE: 'blob',
    AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
    AZURE_STORAGE_CONTAINER: 'incidents',
  };
  loadConfig(reference);
  const required = Object.keys(reference).filter((name) => {
    const { [name]: _dropped, ...rest } = reference;
    try {
      loadConfig(rest);
      return false;
    } catch (e: unknown) {
      return e instanceof ConfigError;
    }
  });
  assert.ok(required.length >= 4, required.join(', '));
  const settings = appSettingsOf(get(deploy(template(EXISTING_RG), scenarioParameters('SingleTenant')), 'Microsoft.Web/sites'));
  for (const name of required) assert.ok(name in settings, `template sets ${name}`);
  // And the settings that choose production behaviour are pinned, not left to defaults.
  for (const name of ['SANDBOX', 'STORAGE', 'MicrosoftAppType', 'GRAPH_CREDENTIAL']) assert.ok(name in settings, `template pins ${name}`);
});

for (const appType of SCENARIOS) {
  test(`appType=${appType}: Azure Bot and Teams channel point at /api/messages and /api/calls on the web app`, () => {
    const resources = deploy(template(EXISTING_RG), scenarioParameters(appType));
    const site = get(resources, 'Microsoft.Web/sites');
    const env = appSettingsOf(site);
    const bot = get(resources, 'Microsoft.BotService/botServices');
    const channel = get(resources, 'Microsoft.BotService/botServices/channels');
    const botProps = bot.body.properties as JsonObject;

    assert.equal(bot.body.kind, 'azurebot');
    assert.equal(bot.body.location, 'global');
    const endpoint = new URL(str(botProps.endpoint!, 'endpoint'));
    assert.equal(endpoint.protocol, 'https:');
    assert.equal(endpoint.pathname, '/api/messages');
    assert.equal(endpoint.origin, env.PUBLIC_BASE_URL);
    assert.equal(botProps.msaAppType, appType);
    assert.equal(botProps.msaAppId, env.MicrosoftAppId, 'bot and web app share the app id');
    assert.equal(botProps.msaAppTenantId, appType === 'MultiTenant' ? '' : env.GRAPH_TENANT_ID);

    assert.ok(channel.id.startsWith(`${bot.id}/channels/`), 'channel belongs to the bot');
    assert.ok(channel.dependsOn.includes(bot.id));
    const ch = channel.body.properties as JsonObject;
    assert.equal(ch.channelName, 'MsTeamsChannel');
    const teams = ch.properties as JsonObject;
    assert.equal(teams.isEnabled, true);
    assert.equal(teams.enableCalling, true);
    const webhook = new URL(str(teams.callingWebhook!, 'callingWebhook'));
    assert.equal(webhook.protocol, 'https:');
    assert.equal(webhook.pathname, '/api/calls');
    assert.equal(webhook.origin, env.PUBLIC_BASE_URL, 'Graph notifications reach the same host the bot advertises');

    const siteProps = site.body.properties as JsonObject;
    const siteConfig = siteProps.siteConfig as JsonObject;
    assert.equal(site.body.kind, 'app,linux');
    assert.equal(siteConfig.linuxFxVersion, 'NODE|20-lts');
    assert.equal(siteConfig.alwaysOn, true);
    assert.equal(siteProps.httpsOnly, true);

    const identity = get(resources, 'Microsoft.Web/sites').body.identity as JsonObject;
    const msi = resources.get('Microsoft.ManagedIdentity/userAssignedIdentities');
    if (appType === 'UserAssignedMSI') {
      assert.ok(msi, 'managed identity created');
      assert.equal(identity.type, 'UserAssigned');
      assert.deepEqual(Object.keys(identity.userAssignedIdentities as JsonObject), [msi.id]);
      assert.equal(botProps.msaAppMSIResourceId, msi.id);
    } else {
      assert.equal(msi, undefined, 'no managed identity without UserAssignedMSI');
      assert.equal(identity.type, 'None');
      assert.equal(botProps.msaAppMSIResourceId, '');
    }
  });

  test(`appType=${appType}: every reference()/listKeys() target is in the resource's dependsOn`, () => {
    const tpl = template(EXISTING_RG);
    const resources = deploy(tpl, scenarioParameters(appType));
    // A dependsOn entry must name a resource of this template; one whose condition is false is dropped by ARM.
    const declared = declaredIds(tpl, scenarioParameters(appType));
    for (const r of resources.values()) {
      for (const id of r.touched) assert.ok(r.dependsOn.includes(id), `${r.type} uses ${id} without dependsOn`);
      for (const d of r.dependsOn) assert.ok(declared.has(d), `${r.type} depends on ${d}, which the template does not declare`);
    }
    const container = get(resources, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    const account = get(resources, 'Microsoft.Storage/storageAccounts');
    assert.ok(container.id.startsWith(`${account.id}/blobServices/default/containers/`));
    assert.ok(container.dependsOn.includes(account.id));
    assert.equal((account.body.properties as JsonObject).allowBlobPublicAccess, false);
  });
}

test('the evaluator itself rejects what ARM would reject', () => {
  const tpl = template(EXISTING_RG);
  assert.throws(() => evaluateValue("[parameters('nope')]", tpl, { tenantId: 't', parameters: {}, touched: new Set() }), /not declared/);
  assert.throws(() => deploy(tpl, { ...scenarioParameters('SingleTenant'), appType: 'Other' }), /allowedValues/);
  assert.equal(evaluateValue("[concat('a''b', '[[x')]", tpl, { tenantId: 't', parameters: {}, touched: new Set() }), "a'b[[x");
  assert.equal(evaluateValue('[[literal]', tpl, { tenantId: 't', parameters: {}, touched: new Set() }), '[literal]');
});
