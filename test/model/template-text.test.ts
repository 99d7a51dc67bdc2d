import { describe, expect, it } from 'vitest';
import { eqFilterPath, mapLiteral, queryValue, swapCase } from '../../src/model/template-text.js';

describe('mapLiteral', () => {
  it('should leave template expressions as they are', () => {
    // Act
    const mapped = mapLiteral('{{run.tag}}.x/{{captures.u1}}!', (literal) => literal.toUpperCase());

    // Assert
    expect(mapped).toBe('{{run.tag}}.X/{{captures.u1}}!');
  });
});

describe('swapCase', () => {
  it('should swap ASCII letters only, outside templates', () => {
    expect(swapCase('{{run.tag}}.u1.Éa ß@contoso.example')).toBe('{{run.tag}}.U1.ÉA ß@CONTOSO.EXAMPLE');
  });
});

describe('queryValue', () => {
  it('should percent-encode a literal plus too, which form decoding reads as a space', () => {
    expect(queryValue('a+b c&d=%"é{{run.tag}}')).toBe('a%2Bb%20c%26d%3D%25%22%C3%A9{{run.tag}}');
  });
});

describe('eqFilterPath', () => {
  it('should escape quotes and backslashes as in a JSON string (RFC 7644 §3.4.2.2)', () => {
    // Act
    const path = eqFilterPath('/Users', 'userName', '{{run.tag}}."\\');

    // Assert
    expect(decodeURIComponent(path)).toBe('/Users?filter=userName eq "{{run.tag}}.\\"\\\\"');
  });
});
