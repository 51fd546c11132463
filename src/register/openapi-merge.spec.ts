import { mergeOpenApi } from './openapi-merge';

describe('mergeOpenApi', () => {
  const base = { paths: { '/api/v1/x': { get: { responses: {} } } }, components: { schemas: { Error: { type: 'object' } } } };
  const other = {
    paths: {
      '/things': {
        parameters: [{ $ref: '#/components/parameters/Id' }],
        get: { responses: { '200': { $ref: '#/components/responses/Thing' } } },
        post: { security: [], responses: {} },
        put: { security: [{ apiToken: ['write'] }], responses: {} },
      },
    },
    components: { schemas: { Error: { type: 'string' } }, securitySchemes: { apiToken: { type: 'http', scheme: 'bearer' } } },
    security: [{ apiToken: [] }],
  };
  const merged = mergeOpenApi(base, other, '/gs', 'Gs') as {
    paths: Record<string, Record<string, { security?: unknown; responses?: unknown } | unknown[]>>;
    components: Record<string, Record<string, unknown>>;
    security?: unknown;
  };

  it('puts the other paths under the prefix and renames its components, keeping both Error schemas', () => {
    expect(Object.keys(merged.paths)).toEqual(['/api/v1/x', '/gs/things']);
    expect(merged.components['schemas']).toEqual({ Error: { type: 'object' }, GsError: { type: 'string' } });
    expect(merged.paths['/gs/things']['parameters']).toEqual([{ $ref: '#/components/parameters/GsId' }]);
  });

  it("moves the other document's security onto its operations, scheme names renamed, an operation's own kept", () => {
    expect(merged.components['securitySchemes']).toEqual({ GsapiToken: { type: 'http', scheme: 'bearer' } });
    const things = merged.paths['/gs/things'];
    expect((things['get'] as { security: unknown }).security).toEqual([{ GsapiToken: [] }]);
    expect((things['post'] as { security: unknown }).security).toEqual([]);
    expect((things['put'] as { security: unknown }).security).toEqual([{ GsapiToken: ['write'] }]);
    expect(merged.security).toBeUndefined();
    expect((merged.paths['/api/v1/x']['get'] as { security?: unknown }).security).toBeUndefined();
  });
});
