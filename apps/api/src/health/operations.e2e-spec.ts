import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ACCESS } from '../auth/access.decorators';
import { startApp, type TestApp } from '@shtc/testing';

describe('operations', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(async () => t.close());

  it('answers liveness and readiness with projection lag', async () => {
    expect((await t.http.get('/health')).body).toEqual({ status: 'ok' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', eventStore: 'up', readStore: 'up', fileStore: 'up', mail: { deadLetters: 0 } });
    expect(ready.body.projections.map((p: { name: string }) => p.name)).toEqual(['accounts', 'case-status', 'licence-issue', 'review-queues', 'account-mail', 'case-mail', 'precedents', 'licence-register', 'shipment-history', 'audit-trail', 'statistics']);
  });

  it('serves Swagger UI and the OpenAPI document', async () => {
    const ui = await t.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.body).toContain('swagger');
    const openapi = await t.http.get('/docs-json');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/auth/register', '/auth/login', '/health/ready']));
  });

  it('echoes a request id, or makes one', async () => {
    const given = await t.http.get('/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    expect((await t.http.get('/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with problem+json 404', async () => {
    const answer = await t.http.get('/no/such/route');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('declares who may call every route (a route without a rule would be refused to all)', () => {
    const reflector = t.app.get(Reflector);
    const scanner = new MetadataScanner();
    const undeclared: string[] = [];
    const controllers = [...t.app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()]);
    expect(controllers.length).toBeGreaterThan(5);
    for (const wrapper of controllers) {
      const instance = wrapper.instance as object;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (!reflector.getAllAndOverride(ACCESS, [handler, wrapper.metatype])) undeclared.push(`${wrapper.name}.${name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});
