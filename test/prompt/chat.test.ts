/** The fill-in prompt for chat models, code extraction from their answers, and the instruction prompt. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatAnswerFilter, extractChatCode } from '../../server/prompt/chat-answer';
import { fillInMessages, HOLE_MARKER } from '../../server/prompt/chat';
import { renderInstructionPrompt } from '../../server/prompt/instruction';

test('fill-in messages: rules in the system message; context files and the holed file in the user message', () => {
  const [system, user] = fillInMessages({
    prefix: 'const total = ',
    suffix: ';\nexport default total;\n',
    filePath: 'src/sum.ts',
    languageId: 'typescript',
    context: [{ path: 'src/items.ts', text: 'export const items = [1, 2];' }],
  });
  assert.equal(system.role, 'system');
  assert.ok(system.content.includes(HOLE_MARKER));
  assert.match(system.content, /only the text to insert/);
  assert.match(system.content, /no Markdown code fences/);
  assert.match(system.content, /Do not repeat code/);
  assert.equal(user.role, 'user');
  assert.ok(user.content.includes('src/items.ts\n```typescript\nexport const items = [1, 2];\n```'));
  assert.ok(user.content.includes(`\`\`\`typescript\nconst total = ${HOLE_MARKER};\nexport default total;\n\`\`\``));
  assert.ok(user.content.indexOf('src/items.ts') < user.content.indexOf('src/sum.ts'));
});

test('fill-in messages: a file containing ``` gets a longer fence', () => {
  const [, user] = fillInMessages({
    prefix: 'Use ```js\n',
    suffix: '\n```\n',
    filePath: 'README.md',
    languageId: 'markdown',
    context: [],
  });
  assert.ok(user.content.includes('````markdown\nUse ```js\n'));
});

const EXTRACTION: Array<[string, string, string, string?]> = [
  ['plain answer', 'return a + b;', 'return a + b;'],
  ['fenced answer', '```ts\nreturn a + b;\n```', 'return a + b;'],
  ['fence without language', '```\nx\n```', 'x'],
  ['prose before the fence', 'Here is the completion:\n```python\nreturn 1\n```', 'return 1'],
  ['prose after the fence', '```js\nfoo();\nbar();\n```\nThis calls foo and bar.', 'foo();\nbar();'],
  ['sure lead-in, unfenced', 'Sure! Here it is:\nx = 1', 'x = 1'],
  ['multi-line code keeps inner newlines and indentation', '  if (a) {\n    b();\n  }\n', '  if (a) {\n    b();\n  }'],
  ['repeat of the typed line is dropped', 'const total = items.length;', 'items.length;', 'const total = '],
  ['indented typed line, repeated', '```\nreturn x;\n```', 'x;', '    return '],
  ['leading newline is kept (the insertion starts a new line)', '\n  return 1;', '\n  return 1;'],
  ['empty answer', '', ''],
  [
    'python line ending in a colon is code, not prose',
    'for x in items:\n    print(x)',
    'for x in items:\n    print(x)',
  ],
  ['backticks glued to code are not a closing fence (kept as written)', '```\ncall()```', 'call()```'],
];

for (const [name, answer, expected, linePrefix] of EXTRACTION) {
  test(`extract: ${name}`, () => {
    assert.equal(extractChatCode(answer, linePrefix), expected);
  });

  test(`extract while streaming, one character at a time: ${name}`, () => {
    const filter = new ChatAnswerFilter(linePrefix);
    let out = '';
    for (const ch of answer) out += filter.push(ch);
    out += filter.end();
    assert.equal(out, expected);
  });
}

test('streaming: code is released before the answer ends (no waiting for the whole message)', () => {
  const filter = new ChatAnswerFilter();
  assert.equal(filter.push('```ts\nfirst();\nsec'), 'first();\nsec');
  assert.equal(filter.push('ond();\n```\nprose'), 'ond();');
  assert.equal(filter.end(), '');
});

test('instruction prompt: system text, instruction and response headings, stop at the next turn', () => {
  const { prompt, stop } = renderInstructionPrompt([
    { role: 'system', content: 'You fix code.' },
    { role: 'user', content: 'Fix f.' },
    { role: 'assistant', content: 'Which bug?' },
    { role: 'user', content: 'The crash.' },
  ]);
  assert.equal(
    prompt,
    'You fix code.\n\n### Instruction:\nFix f.\n\n### Response:\nWhich bug?\n\n### Instruction:\nThe crash.\n\n### Response:\n',
  );
  assert.deepEqual(stop, ['\n### Instruction:', '\n### Response:']);
});
