import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { AllureResultsWriter } from '../../src/report/allure-results.js';

const root = await mkdtemp(join(tmpdir(), 'scimconf-allure-results-'));
afterAll(() => rm(root, { recursive: true, force: true }));

it('writes results, attachments and the run info into a folder it creates, and flush waits for them', async () => {
  const resultsDir = join(root, 'out', 'allure-results');
  const writer = new AllureResultsWriter(resultsDir);
  const source = join(root, 'source.txt');
  await writeFile(source, 'from a file');
  writer.writeResult({ uuid: 'r1', name: 'Test Connection' } as never);
  writer.writeGroup({ uuid: 'g1', children: ['r1'] } as never);
  writer.writeAttachment('a1-attachment.json', Buffer.from('{"status":200}'));
  writer.writeAttachmentFromPath('a2-attachment.txt', source);
  writer.writeEnvironmentInfo({ target: 'http://127.0.0.1:1/scim/v2', profile: 'entra' });
  writer.writeCategoriesDefinitions([{ name: 'Authentication', messageRegex: '.*401.*' }]);
  writer.writeGlobals('x-globals.json', { attachments: [], errors: [] });
  await writer.flush();
  expect((await readdir(resultsDir)).sort()).toEqual([
    'a1-attachment.json',
    'a2-attachment.txt',
    'categories.json',
    'environment.properties',
    'g1-container.json',
    'r1-result.json',
    'x-globals.json',
  ]);
  const read = (name: string) => readFile(join(resultsDir, name), 'utf8');
  expect(JSON.parse(await read('r1-result.json'))).toEqual({ uuid: 'r1', name: 'Test Connection' });
  expect(await read('a1-attachment.json')).toBe('{"status":200}');
  expect(await read('a2-attachment.txt')).toBe('from a file');
  expect(await read('environment.properties')).toBe('target=http://127.0.0.1:1/scim/v2\nprofile=entra');
  expect(JSON.parse(await read('categories.json'))).toEqual([{ name: 'Authentication', messageRegex: '.*401.*' }]);
});

it('reports a file it could not write when flushed, and only then', async () => {
  const blocker = join(root, 'not-a-folder');
  await writeFile(blocker, '');
  const writer = new AllureResultsWriter(join(blocker, 'allure-results'));
  writer.writeResult({ uuid: 'r1' } as never);
  writer.writeResult({ uuid: 'r2' } as never);
  await expect(writer.flush()).rejects.toThrow(/ENOTDIR|EEXIST/);
});
