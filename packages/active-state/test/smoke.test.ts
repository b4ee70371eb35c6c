import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VERSION } from '@runsight/active-state';
test('resolves source', () => assert.equal(VERSION, '0.1.0'));
