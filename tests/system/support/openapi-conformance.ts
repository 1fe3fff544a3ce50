/**
 * Checks responses against the OpenAPI document the gateway serves, with Ajv (JSON Schema
 * 2020-12, OpenAPI 3.1's dialect): the status must be documented for the operation, the
 * content type must be the documented one, and the body must match its schema.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

interface MediaType {
  schema: object;
}
interface ResponseSpec {
  content?: Record<string, MediaType>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, ResponseSpec> }>>;
  components: { schemas: Record<string, object> };
}

export interface Observed {
  method: string;
  /** The request path below /api/v1, without the query. */
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

export class OpenApiConformance {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly templates: { template: string; regex: RegExp }[];

  constructor(readonly doc: OpenApi) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi.json', components: doc.components });
    this.templates = Object.keys(doc.paths).map((template) => ({
      template,
      regex: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  /** The problems found with one response; empty when it conforms. */
  problems(o: Observed): string[] {
    const template = this.templates.find((t) => t.regex.test(o.path))?.template;
    if (!template) return [`${o.path} is not a documented path`];
    const operation = this.doc.paths[template]?.[o.method.toLowerCase()];
    if (!operation) return [`${o.method} ${template} is not a documented operation`];
    const spec = operation.responses[String(o.status)] ?? operation.responses.default;
    if (!spec) return [`${o.method} ${template} does not document status ${o.status}`];
    if (!spec.content) return [];
    const mediaType = Object.keys(spec.content).find((m) => o.contentType?.startsWith(m));
    if (!mediaType) return [`${o.method} ${template} ${o.status}: content type ${o.contentType} is not documented`];
    const schema = spec.content[mediaType]!.schema;
    // Component refs resolve against the document registered above.
    const validate = this.ajv.compile({ ...rewriteRefs(schema) });
    return validate(o.body)
      ? []
      : (validate.errors ?? []).map((e) => `${o.method} ${template} ${o.status}: ${e.instancePath} ${e.message}`);
  }
}

function rewriteRefs(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/')) as object;
}
