import { openApiOperations, schemaViolations, type Operation } from './support/openapi';
import { BODY_SAMPLES } from './support/route-samples';
import { startWorld, type World } from './support/world';

/**
 * Issue 12, hostile input: every command body of the OpenAPI document, fuzzed from a valid
 * sample of each. The samples are held to the document first: a body the app takes must be
 * one the document allows, or clients generated from it send what the app refuses.
 */
describe('hostile command bodies, fuzzed from the OpenAPI document', () => {
  let world: World;
  let operations: Operation[];

  beforeAll(async () => {
    world = await startWorld();
    operations = await openApiOperations(world.t);
  }, 60_000);
  afterAll(async () => world?.t.close());

  const jsonCommands = () => operations.filter((operation) => operation.method !== 'GET' && operation.jsonSchema);

  it('has a sample body for every JSON command of the document, and the document allows each sample', () => {
    expect(jsonCommands().map((operation) => operation.key).sort()).toEqual(Object.keys(BODY_SAMPLES).sort());
    const violations = jsonCommands().flatMap((operation) =>
      schemaViolations(operation.jsonSchema!, BODY_SAMPLES[operation.key].body(world)).map((violation) => `${operation.key}: ${violation}`),
    );
    expect(violations).toEqual([]);
  });
});
