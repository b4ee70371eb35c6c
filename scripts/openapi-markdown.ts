/**
 * The reference part of docs/connect-your-backend.md, written from the OpenAPI document: the
 * endpoints, every parameter with its allowed values, the answers, and the run's fields.
 */
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const cell = (text: unknown) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n+/g, ' ');

function resolver(doc: Json) {
  return (value: unknown): Json => {
    if (isObject(value) && typeof value.$ref === 'string') {
      let node: unknown = doc;
      for (const part of value.$ref.replace(/^#\//, '').split('/')) {
        node = isObject(node) ? node[part] : undefined;
      }
      return isObject(node) ? node : {};
    }
    return isObject(value) ? value : {};
  };
}

/** `string`, `integer 1–200 (default 50)`, `comma list of a, b`, … */
function typeOf(schema: Json, resolve: (v: unknown) => Json): string {
  const s = resolve(schema);
  if (Array.isArray(s.anyOf)) {
    return s.anyOf.map((x) => typeOf(x as Json, resolve)).join(' or ');
  }
  if (typeof schema.$ref === 'string' && schema.$ref.endsWith('/Timestamp')) return 'timestamp';
  if (typeof schema.$ref === 'string') return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
  const type = Array.isArray(s.type) ? s.type.join(' or ') : String(s.type ?? 'any');
  if (s.type === 'array' && isObject(s.items)) {
    const items = resolve(s.items);
    if (Array.isArray(items.enum))
      return `comma list of ${items.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
    return `comma list of ${typeOf(s.items, resolve)}`;
  }
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  let out = s.format === 'date-time' ? 'timestamp' : type;
  if (typeof s.minimum === 'number' && typeof s.maximum === 'number')
    out += ` ${s.minimum}–${s.maximum}`;
  else if (typeof s.minimum === 'number') out += ` ≥ ${s.minimum}`;
  return out;
}

export function contractMarkdown(doc: Json): string {
  const resolve = resolver(doc);
  const out: string[] = [];
  const paths = isObject(doc.paths) ? doc.paths : {};
  out.push('### Endpoints', '', '| request | what | answers |', '| --- | --- | --- |');
  for (const [path, item] of Object.entries(paths)) {
    const op = resolve(resolve(item).get);
    const statuses = Object.keys(resolve(op.responses)).join(', ');
    out.push(`| \`GET {base}${path}\` | ${cell(op.description)} | ${statuses} |`);
  }
  for (const [path, item] of Object.entries(paths)) {
    const op = resolve(resolve(item).get);
    out.push('', `### \`GET {base}${path}\` — ${cell(op.summary)}`, '');
    out.push('| parameter | in | required | values | meaning |', '| --- | --- | --- | --- | --- |');
    for (const p of Array.isArray(op.parameters) ? op.parameters : []) {
      const param = resolve(p);
      const schema = resolve(param.schema);
      const dflt = schema.default === undefined ? '' : ` (default \`${String(schema.default)}\`)`;
      out.push(
        `| \`${cell(param.name)}\` | ${cell(param.in)} | ${param.required === true ? 'yes' : 'no'} | ${cell(typeOf(schema, resolve))}${dflt} | ${cell(param.description)} |`,
      );
    }
  }
  out.push('', '### Answers', '', '| status | meaning |', '| --- | --- |');
  const listOp = resolve(resolve(Object.values(paths)[0]).get);
  for (const [status, r] of Object.entries(resolve(listOp.responses))) {
    const response = resolve(r);
    const headers = Object.keys(resolve(response.headers));
    const withHeaders =
      headers.length > 0 ? ` Headers: ${headers.map((h) => `\`${h}\``).join(', ')}.` : '';
    out.push(`| ${status} | ${cell(response.description)}${cell(withHeaders)} |`);
  }
  const schemas = resolve(resolve(doc.components).schemas);
  for (const name of ['Run', 'RunEvent', 'RunsSummary', 'Error']) {
    const schema = resolve(schemas[name]);
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    out.push(
      '',
      `### ${name}`,
      '',
      cell(schema.description),
      '',
      '| field | type | required | meaning |',
      '| --- | --- | --- | --- |',
    );
    for (const [field, s] of Object.entries(resolve(schema.properties))) {
      out.push(
        `| \`${field}\` | ${cell(typeOf(s as Json, resolve))} | ${required.has(field) ? 'yes' : 'no'} | ${cell((s as Json).description ?? resolve(s).description)} |`,
      );
    }
  }
  return out.join('\n');
}
