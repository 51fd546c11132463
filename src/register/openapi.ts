import { SEARCH_MATCH_LIMIT } from '../licences/licences.repository';

/** The public API, described for other systems (OpenAPI 3.1). Kept beside the controllers that serve it. */
const SEARCH_LIMIT_TEXT = SEARCH_MATCH_LIMIT.toLocaleString('en');
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Business registration portal – public API',
    version: '1.0.0',
    description:
      'Check unified social credit codes (GB 32100-2015), search the public register and read licences. Responses are JSON; requests are rate-limited per client address (429 with Retry-After).',
  },
  paths: {
    '/api/v1/credit-codes/{code}': {
      get: {
        summary: 'Validate a unified social credit code',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' }, example: '91350100M000100Y43' }],
        responses: {
          '200': {
            description: 'The verdict (an invalid code is a 200 with valid: false and the reason)',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CreditCodeReport' } } },
          },
        },
      },
    },
    '/api/v1/register': {
      get: {
        summary: 'Search the register by name (fuzzy) or code (prefix)',
        parameters: [
          { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 100 } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1 } },
          { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        ],
        responses: {
          '200': {
            description: 'Matching enterprises',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/RegisterPage' } } },
          },
          '400': errorResponse('q missing or too long, or page / pageSize not a whole number in range'),
          '429': errorResponse('Too many requests'),
        },
      },
    },
    '/api/v1/licences/{code}': {
      get: {
        summary: "An enterprise's public record and current licence, with the authority's signature",
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'The licence', content: { 'application/json': { schema: { $ref: '#/components/schemas/Licence' } } } },
          '400': errorResponse('The code is malformed; message says why'),
          '404': errorResponse('No enterprise with this code in this register'),
          '429': errorResponse('Too many requests'),
        },
      },
    },
    '/api/v1/exchange/{department}/events': {
      get: {
        summary: 'Registration events for a receiving department (tax, social_insurance, statistics, quality_supervision)',
        security: [{ departmentToken: [] }],
        parameters: [
          {
            name: 'department',
            in: 'path',
            required: true,
            schema: { type: 'string', enum: ['tax', 'social_insurance', 'statistics', 'quality_supervision'] },
          },
          {
            name: 'after',
            in: 'query',
            schema: { type: 'integer', minimum: 0, default: 0 },
            description: 'The cursor returned by the previous call; events after it',
          },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        ],
        responses: {
          '200': {
            description: 'Events in order, and the cursor to send next',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/EventPage' } } },
          },
          '400': errorResponse('after or limit not a whole number in range, or after beyond the last event given to the department'),
          '401': errorResponse('Missing or wrong token'),
          '404': errorResponse('Unknown department'),
        },
      },
    },
    '/.well-known/licence-key': {
      get: { summary: "The authority's Ed25519 public key for licence signatures", responses: { '200': { description: 'PEM and JWK' } } },
    },
  },
  components: {
    securitySchemes: { departmentToken: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['statusCode', 'error', 'message'],
        properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
      },
      CreditCodeReport: {
        type: 'object',
        required: ['code', 'valid', 'registered'],
        properties: {
          code: { type: 'string' },
          valid: { type: 'boolean' },
          reason: {
            type: 'string',
            enum: [
              'empty',
              'wrong_length',
              'invalid_character',
              'division_not_digits',
              'unknown_department_category',
              'wrong_check_character',
            ],
          },
          message: { type: 'string' },
          position: { type: 'integer' },
          expected: { type: 'string' },
          warnings: { type: 'array', items: { type: 'string', enum: ['organisation_code_check_failed'] } },
          parts: { type: 'object' },
          registered: { type: 'boolean', description: 'Issued by this registration authority' },
        },
      },
      Enterprise: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          name: { type: 'string' },
          entityType: { type: 'string' },
          legalRepresentative: { type: 'string' },
          registeredCapitalFen: { type: ['string', 'null'], description: 'Integer number of fen (0.01 yuan) as a decimal string' },
          establishedOn: { type: 'string', format: 'date' },
          domicile: { type: 'string' },
          district: { type: 'string' },
          industryClass: { type: 'string', description: 'GB/T 4754-2017 class, e.g. F5123' },
          businessScope: { type: 'string' },
          status: { type: 'string', enum: ['active', 'deregistered', 'revoked'] },
        },
      },
      RegisterPage: {
        type: 'object',
        properties: {
          query: { type: 'string' },
          page: { type: 'integer' },
          pageSize: { type: 'integer' },
          total: { type: 'integer', description: `Enterprises found; at most ${SEARCH_LIMIT_TEXT} (see capped)` },
          capped: {
            type: 'boolean',
            description: `True when more than ${SEARCH_LIMIT_TEXT} enterprises match: only ${SEARCH_LIMIT_TEXT} of them are counted, ordered and paged; add words to narrow`,
          },
          items: { type: 'array', items: { $ref: '#/components/schemas/Enterprise' } },
        },
      },
      Licence: {
        type: 'object',
        properties: {
          enterprise: { $ref: '#/components/schemas/Enterprise' },
          licence: {
            type: 'object',
            properties: {
              version: { type: 'integer' },
              status: { type: 'string' },
              issuedOn: { type: 'string', format: 'date' },
              data: {
                type: 'object',
                description:
                  'The signed licence data; its canonical JSON (keys sorted, format registration-portal/licence/v1) is what the signature covers',
              },
              signature: { type: 'string', description: 'Ed25519, base64url' },
              keyId: { type: 'string' },
            },
          },
        },
      },
      EventPage: {
        type: 'object',
        properties: {
          department: { type: 'string' },
          events: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'integer' },
                type: { type: 'string' },
                code: { type: 'string' },
                createdAt: { type: 'string', format: 'date-time' },
                data: { type: 'object' },
              },
            },
          },
          next: { type: 'integer', description: 'Send as after= next time' },
        },
      },
    },
  },
} as const;
