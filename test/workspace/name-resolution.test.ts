import assert from 'node:assert/strict';
import { test } from 'node:test';
import { receiverType } from '../../server/context/receiver-types';
import { workspaceDefinitionsSource } from '../../server/context/workspace-definitions';
import { DocumentTree } from '../../server/syntax/document-tree';
import { analyseFile, WorkspaceDefinitionIndex } from '../../server/workspace/definition-index';
import { importInfo } from '../../server/workspace/import-resolution';
import { NameResolver } from '../../server/workspace/name-resolution';
import { collect } from '../context/docs';

async function indexOf(files: Record<string, string>): Promise<WorkspaceDefinitionIndex> {
  const index = new WorkspaceDefinitionIndex();
  for (const [p, text] of Object.entries(files)) index.set((await analyseFile(p, text))!);
  return index;
}

function resolverFor(index: WorkspaceDefinitionIndex, file: string, grammar: string): NameResolver {
  return new NameResolver(index, file, importInfo(grammar, file, index.file(file)!.imports, ['/w']), ['/w']);
}

const where = (found: { file: { path: string }; def: { name: string } }[]) =>
  found.map((f) => `${f.file.path}:${f.def.name}`);

/** What the workspace-definitions source puts in the prompt for `text` as the file /w/`rel`, the cursor at `at`. */
async function workspaceSnippets(
  index: WorkspaceDefinitionIndex,
  rel: string,
  languageId: string,
  text: string,
  at: number,
): Promise<ReturnType<typeof collect>> {
  const doc = await DocumentTree.create('', `/w/${rel}`, text);
  try {
    const cdoc = { uri: `file:///w/${rel}`, path: rel, languageId, text, eol: '\n' as const, syntax: doc };
    const workspace = { index, folders: ['/w'], isExcluded: () => false };
    return collect(workspaceDefinitionsSource, cdoc, at, 400, { workspace });
  } finally {
    doc.dispose();
  }
}

test('Java: a class of the same package without an import, an imported class, a wildcard-imported one', async () => {
  const index = await indexOf({
    '/w/src/app/Main.java': 'package app;\n\nimport lib.util.Helper;\nimport lib.io.*;\n\nclass Main {}\n',
    '/w/src/app/Vault.java':
      'package app;\n\npublic class Vault {\n  public String open(String user) { return user; }\n}\n',
    '/w/src/lib/util/Helper.java': 'package lib.util;\n\npublic class Helper {}\n',
    '/w/src/lib/io/Reader.java': 'package lib.io;\n\npublic class Reader {}\n',
    '/w/src/other/Reader.java': 'package other;\n\npublic class Reader {}\n',
    '/w/src/other/Vault.java': 'package other;\n\npublic class Vault {}\n',
  });
  const r = resolverFor(index, '/w/src/app/Main.java', 'java');
  assert.deepEqual(
    where(r.topLevel('Vault')),
    ['/w/src/app/Vault.java:Vault'],
    'the own package wins over another package',
  );
  assert.deepEqual(where(r.topLevel('Helper')), ['/w/src/lib/util/Helper.java:Helper']);
  assert.deepEqual(
    where(r.topLevel('Reader')),
    ['/w/src/lib/io/Reader.java:Reader'],
    'the wildcard-imported package, not the other Reader',
  );
  assert.deepEqual(where(r.member(r.topLevel('Vault')[0], 'open')), ['/w/src/app/Vault.java:open']);
});

test('Python: names re-exported by __init__.py, `from m import *`, aliases and bases in their own file', async () => {
  const index = await indexOf({
    '/w/app.py': 'from pkg import Client as C\nfrom helpers import *\nimport pkg.client\n',
    '/w/pkg/__init__.py': 'from .client import Client\n',
    '/w/pkg/client.py': 'from .base import Base\n\n\nclass Client(Base):\n    def login(self, user):\n        pass\n',
    '/w/pkg/base.py': 'class Base:\n    def close(self):\n        pass\n',
    '/w/helpers.py': 'def assist(x):\n    return x\n',
    '/w/elsewhere.py': 'def assist(y):\n    return y\n',
  });
  const r = resolverFor(index, '/w/app.py', 'python');
  const client = r.topLevel('C');
  assert.deepEqual(where(client), ['/w/pkg/client.py:Client'], 'followed through the alias and the re-export');
  assert.deepEqual(
    where(r.member(client[0], 'close')),
    ['/w/pkg/base.py:close'],
    'a method of the base class, resolved in client.py',
  );
  assert.deepEqual(
    where(r.topLevel('assist')),
    ['/w/helpers.py:assist'],
    'the * import decides between two definitions',
  );
  assert.deepEqual(where(r.inModule('pkg.client', 'Client')), ['/w/pkg/client.py:Client'], 'a dotted module import');
});

test('TypeScript: export * and export { } re-exports; CommonJS require binds a module', async () => {
  const index = await indexOf({
    '/w/src/main.ts': "import { Store } from './index';\nconst util = require('./util');\n",
    '/w/src/index.ts': "export * from './store';\n",
    '/w/src/store.ts': 'export class Store {\n  get(key: string): string {\n    return key;\n  }\n}\n',
    '/w/src/util.js': 'function pad(s, n) {\n  return s;\n}\nmodule.exports = { pad };\n',
  });
  const r = resolverFor(index, '/w/src/main.ts', 'typescript');
  assert.deepEqual(where(r.topLevel('Store')), ['/w/src/store.ts:Store']);
  assert.deepEqual(where(r.inModule('util', 'pad')), ['/w/src/util.js:pad']);
  assert.ok(r.isImported('util') && !r.isImported('pad'));
});

test('receiver types: self at a line start, constructor calls, annotations, Java, Go and Rust declarations', () => {
  const py = 'class Reader(Base):\n    def read(self):\n        x = Parser(self)\n        y: Tokens = make()\n        ';
  assert.deepEqual(receiverType(py, py.length, 'self'), { kind: 'class-here', header: 'class Reader(Base):' });
  assert.deepEqual(receiverType(py, py.length, 'x'), { kind: 'named', name: 'Parser' });
  assert.deepEqual(receiverType(py, py.length, 'y'), { kind: 'named', name: 'Tokens' });
  const java =
    'class A {\n  void f() {\n    Map<String, Integer> counts = new HashMap<>();\n    Vault v = open();\n    ';
  assert.deepEqual(receiverType(java, java.length, 'v'), { kind: 'named', name: 'Vault' });
  assert.equal(receiverType(java, java.length, 'unknown'), undefined);
  const js = 'constructor(private $http: HttpClient) {}\nconst $store = new Store();\n';
  assert.deepEqual(
    receiverType(js, js.length, '$http'),
    { kind: 'named', name: 'HttpClient' },
    'a name starting with $',
  );
  assert.deepEqual(receiverType(js, js.length, '$store'), { kind: 'named', name: 'Store' });
  const go =
    'func (s *Store) Get(k string) string {\n\tc := &Cache{}\n\tvar idx index.Tree\n\tr := store.Reader{n: 1}\n\t';
  assert.deepEqual(receiverType(go, go.length, 's'), { kind: 'named', name: 'Store' }, 'a Go method receiver');
  assert.deepEqual(receiverType(go, go.length, 'c'), { kind: 'named', name: 'Cache' }, 'a composite literal');
  assert.deepEqual(receiverType(go, go.length, 'idx'), { kind: 'named', name: 'index.Tree' }, 'a var declaration');
  assert.deepEqual(receiverType(go, go.length, 'r'), { kind: 'named', name: 'store.Reader' });
  const rust =
    'fn run(cfg: &mut Config) {\n    let client = net::Client::connect(&cfg);\n    let p = Parser::new();\n    ';
  assert.deepEqual(receiverType(rust, rust.length, 'cfg'), { kind: 'named', name: 'Config' }, 'a reference parameter');
  assert.deepEqual(receiverType(rust, rust.length, 'client'), { kind: 'named', name: 'net.Client' });
  assert.deepEqual(receiverType(rust, rust.length, 'p'), { kind: 'named', name: 'Parser' });
  const cpp = 'void draw() {\n  auto shape = geo::Shape::make(2);\n  auto ptr = std::make_shared<Shape>();\n  ';
  assert.deepEqual(receiverType(cpp, cpp.length, 'shape'), { kind: 'named', name: 'geo.Shape' }, 'a C++ path');
  assert.equal(receiverType(cpp, cpp.length, 'ptr'), undefined, 'a lower-case path is not a type');
  const py2 = 'for s in items:\n    if s is None:\n        continue\n    ';
  assert.equal(receiverType(py2, py2.length, 's'), undefined, 'keywords after a name are not types');
  const lazy =
    'class Token {\n  cancel() {\n    this._emitter.fire();\n  }\n  get event() {\n    this._emitter = new events_1.Emitter;\n  }\n}\n';
  const use = lazy.indexOf('this._emitter.fire');
  assert.deepEqual(
    receiverType(lazy, use, 'this._emitter'),
    { kind: 'named', name: 'events_1.Emitter' },
    'a field assigned further down the class, with `new X` and no parentheses',
  );
  assert.equal(receiverType(lazy, use, 'emitter'), undefined, 'only fields are looked for below the use');
});

test('the workspace context is byte-identical while typing on one line, and shows what the lines around use', async () => {
  const files = {
    '/w/store.py': 'class Store:\n    def get(self, key, default=None):\n        return default\n',
    '/w/helpers.py': 'def normalise(text, *, strict=False):\n    return text\n\n\ndef unused_helper():\n    pass\n',
  };
  const index = await indexOf(files);
  const base =
    'from store import Store\nfrom helpers import normalise\n\n\ndef run(items):\n    s = Store()\n    cleaned = normalise(items)\n    \n    return cleaned\n';
  const at = base.indexOf('    \n    return') + 4;
  const outputs: string[] = [];
  // `unused_helper` is defined in helpers.py: were the cursor line read, typing it would change the block.
  for (const typed of ['', 'u', 'unused', 'unused_helper', 'x = unused_helper', 'result = s.']) {
    const text = base.slice(0, at) + typed + base.slice(at);
    outputs.push(JSON.stringify(await workspaceSnippets(index, 'app.py', 'python', text, at + typed.length)));
  }
  assert.match(outputs[0], /def normalise\(text, \*, strict=False\):/);
  assert.match(outputs[0], /class Store:/);
  for (const o of outputs.slice(1, 5)) assert.equal(o, outputs[0], 'the same block while a name is typed');
  assert.doesNotMatch(outputs[0], /unused_helper/);
  assert.match(outputs[5], /def get\(self, key, default=None\):/, 'after `s.` the members of Store are listed');
});

test('JS: a default import under another name is the module’s only class; named imports are not guessed', async () => {
  const index = await indexOf({
    '/w/base-cmd.js':
      'class BaseCommand {\n  usageError(msg) {\n    return new Error(msg);\n  }\n}\nmodule.exports = BaseCommand;\n',
    '/w/two.js': 'class One {}\nclass Two {}\nmodule.exports = One;\n',
    '/w/cmd.js':
      "const Cmd = require('./base-cmd.js');\nconst Pair = require('./two.js');\nconst { Missing } = require('./base-cmd.js');\nclass Audit extends Cmd {}\n",
    '/w/esm.ts': "import Base from './base-cmd.js';\nclass Fix extends Base {}\n",
  });
  const r = resolverFor(index, '/w/cmd.js', 'javascript');
  assert.deepEqual(where(r.topLevel('Cmd')), ['/w/base-cmd.js:BaseCommand']);
  assert.deepEqual(where(r.topLevel('Pair')), [], 'two classes: which one is exported is not guessed');
  assert.deepEqual(where(r.topLevel('Missing')), [], 'a named import is never taken for the default');
  assert.deepEqual(where(resolverFor(index, '/w/esm.ts', 'typescript').topLevel('Base')), [
    '/w/base-cmd.js:BaseCommand',
  ]);
});

test('inside a subclass, the members it inherits from another file are offered even where `this` is not used nearby', async () => {
  const index = await indexOf({
    '/w/base-cmd.js': `class BaseCommand {\n${['load', 'save', 'parse', 'print', 'flags'].map((m) => `  ${m}() {}\n`).join('')}  static describe() {}\n  #hidden() {}\n  usageError(msg) {\n    return new Error(msg);\n  }\n}\nmodule.exports = BaseCommand;\n`,
  });
  const text = "const Cmd = require('./base-cmd.js');\n\nclass Audit extends Cmd {\n  exec(args) {\n    \n  }\n}\n";
  const at = text.indexOf('    \n') + 4;
  const out = (await workspaceSnippets(index, 'audit.js', 'javascript', text, at)).map((s) => s.text).join('');
  // The class outline near its use lists only its first members: the sixth comes from the enclosing class.
  assert.match(out, /usageError\(msg\) \{/);
  assert.doesNotMatch(out, /describe|#hidden/, 'static and #private members are not reached through `this`');
});

test('Java: the types of the own package are offered without an import or a use, those whose words the file uses first', async () => {
  const index = await indexOf({
    '/w/src/app/Alpha.java': 'package app;\n\npublic class Alpha {}\n',
    '/w/src/app/TimeUnit.java': 'package app;\n\npublic enum TimeUnit {\n  SECONDS;\n}\n',
    '/w/src/other/Beta.java': 'package other;\n\npublic class Beta {}\n',
  });
  const text = 'package app;\n\nclass Latch {\n  boolean await(long timeout, Object unit) {\n    \n  }\n}\n';
  const at = text.indexOf('    \n') + 4;
  const out = (await workspaceSnippets(index, 'src/app/Latch.java', 'java', text, at)).map((s) => s.text);
  assert.deepEqual(
    out,
    ['public enum TimeUnit {\n', 'public class Alpha {\n'],
    'TimeUnit (the file says `unit`) first; no other package',
  );
});

test('Go: a package imported by its module path (no go.mod read), its alias, and the own package without an import', async () => {
  const index = await indexOf({
    '/w/cmd/api/main.go':
      'package main\n\nimport (\n\t"fmt"\n\tst "github.com/acme/shop/internal/store"\n\t"github.com/acme/shop/internal/billing"\n)\n\nfunc main() {}\n',
    '/w/cmd/api/routes.go': 'package main\n\nfunc Routes() []string { return nil }\n',
    '/w/internal/store/store.go':
      'package store\n\ntype Store struct{}\n\nfunc Open(path string) *Store { return nil }\n\nfunc (s *Store) Get(k string) string { return k }\n',
    '/w/internal/store/close.go': 'package store\n\nfunc (s *Store) Close() error { return nil }\n',
    '/w/internal/billing/invoice.go': 'package billing\n\nfunc Open(id int) error { return nil }\n',
    '/w/internal/billing/tax.go': 'package billing\n\nfunc Rate() float64 { return 0 }\n',
    '/w/tools/routes.go': 'package tools\n\nfunc Routes() int { return 0 }\n',
  });
  const r = resolverFor(index, '/w/cmd/api/main.go', 'go');
  assert.deepEqual(
    where(r.inModule('st', 'Open')),
    ['/w/internal/store/store.go:Open'],
    'the alias names the store package',
  );
  assert.deepEqual(where(r.inModule('billing', 'Open')), ['/w/internal/billing/invoice.go:Open']);
  assert.deepEqual(
    where(r.inModule('billing', 'Rate')),
    ['/w/internal/billing/tax.go:Rate'],
    'any file of the package',
  );
  assert.deepEqual(where(r.inModule('fmt', 'Println')), []);
  const dotted = importInfo(
    'go',
    '/w/cmd/api/main.go',
    ['import . "github.com/acme/shop/internal/billing"', 'import _ "github.com/acme/shop/internal/store"'],
    ['/w'],
  );
  assert.ok(
    dotted.wildcards.some((g) => g.includes('/w/internal/billing/')),
    'a dot import puts the package in scope',
  );
  assert.ok(!dotted.modules.has('store') && !dotted.modules.has('_'), 'a blank import binds nothing');
  assert.deepEqual(where(r.topLevel('Routes')), ['/w/cmd/api/routes.go:Routes'], 'the own package, not tools');
  const store = r.inModule('st', 'Store');
  assert.deepEqual(where(r.member(store[0], 'Get')), ['/w/internal/store/store.go:Get'], 'a method declared apart');
  assert.deepEqual(where(r.member(store[0], 'Close')), ['/w/internal/store/close.go:Close'], 'in another file');
});

test('Rust: `use crate::…`, groups with aliases, `super::…::*`, and a module used by its name', async () => {
  const index = await indexOf({
    '/w/src/net/client.rs':
      'use crate::util::{parse, Config as Cfg};\nuse super::proto::*;\nuse crate::codec;\n\npub fn connect() {}\n',
    '/w/src/util.rs':
      'pub struct Config { pub port: u16 }\n\nimpl Config {\n    pub fn load() -> Config { Config { port: 0 } }\n}\n\npub fn parse(s: &str) -> u16 { 0 }\n',
    '/w/src/net/proto.rs': 'pub fn handshake() -> bool { true }\n',
    '/w/src/codec/mod.rs': 'pub fn encode(b: &[u8]) -> Vec<u8> { b.to_vec() }\n',
    '/w/src/other.rs': 'pub fn parse(x: i32) -> i32 { x }\n\npub fn handshake() -> bool { false }\n',
    '/w/benches/util.rs': 'pub struct Config;\n',
  });
  const r = resolverFor(index, '/w/src/net/client.rs', 'rust');
  assert.deepEqual(where(r.topLevel('parse')), ['/w/src/util.rs:parse'], 'the imported parse, not the other one');
  assert.deepEqual(
    r.topLevel('Cfg').map((f) => `${f.file.path}: ${f.def.line}`),
    ['/w/src/util.rs: pub struct Config {', '/w/src/util.rs: impl Config {'],
    'through the alias: the struct and its impl',
  );
  assert.deepEqual(where(r.member(r.topLevel('Cfg')[0], 'load')), ['/w/src/util.rs:load'], 'a method of its impl');
  assert.deepEqual(
    where(r.topLevel('handshake')),
    ['/w/src/net/proto.rs:handshake'],
    'super:: is the parent module, net',
  );
  assert.deepEqual(where(r.inModule('codec', 'encode')), ['/w/src/codec/mod.rs:encode']);
  const grouped = importInfo('rust', '/w/src/main.rs', ['use crate::codec::{self, encode as enc};'], ['/w']);
  assert.ok(grouped.modules.get('codec')?.includes('/w/src/codec/mod.rs'), '`self` in a group binds the module');
  assert.equal(grouped.aliases.get('enc'), 'encode');
});

test('Rust: a type’s `impl` blocks in the crate’s other files are its members (generic and path-named too); another crate’s are not', async () => {
  const files = {
    '/w/src/client.rs':
      'pub struct Client {\n    addr: String,\n}\n\nimpl Client {\n    pub fn new(addr: &str) -> Client {\n        Client { addr: addr.into() }\n    }\n}\n',
    '/w/src/client/io.rs':
      'use crate::client::Client;\n\nimpl Client {\n    pub fn send(&mut self, bytes: &[u8]) -> usize {\n        bytes.len()\n    }\n}\n',
    '/w/src/display.rs':
      "use std::fmt;\n\nimpl fmt::Display for crate::client::Client {\n    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {\n        Ok(())\n    }\n}\n\nimpl<'a> IntoIterator for &'a Client {\n    fn into_iter(self) -> Iter<'a> {\n        todo!()\n    }\n}\n",
    '/w/src/wrap.rs':
      'pub struct Wrapper<T>(T);\n\nimpl<T: Clone> Wrapper<T> {\n    pub fn get(&self) -> &T {\n        &self.0\n    }\n}\n',
    '/w/tools/src/client.rs': 'pub struct Client;\n\nimpl Client {\n    pub fn close(&self) {}\n}\n',
    '/w/src/main.rs': 'use crate::client::Client;\nuse crate::wrap::Wrapper;\n\nfn main() {}\n',
  };
  const index = await indexOf(files);
  const r = resolverFor(index, '/w/src/main.rs', 'rust');
  const [client] = r.classNamed('Client');
  assert.equal(client.file.path, '/w/src/client.rs');
  assert.deepEqual(where(r.member(client, 'send')), ['/w/src/client/io.rs:send'], 'an impl in another file');
  assert.deepEqual(where(r.member(client, 'fmt')), ['/w/src/display.rs:fmt'], 'a trait impl naming the type by path');
  assert.deepEqual(where(r.member(client, 'close')), [], 'the other crate’s Client is another type');
  assert.deepEqual(where(r.member(client, 'into_iter')), ['/w/src/display.rs:into_iter'], "impl for &'a Client");
  assert.deepEqual(
    where(r.members(client)),
    [
      '/w/src/client.rs:addr',
      '/w/src/client.rs:new',
      '/w/src/client/io.rs:send',
      '/w/src/display.rs:fmt',
      '/w/src/display.rs:into_iter',
    ],
    'its own file first, then the crate’s files in path order',
  );
  assert.deepEqual(where(r.member(r.classNamed('Wrapper')[0], 'get')), ['/w/src/wrap.rs:get'], 'impl<T> Wrapper<T>');
  index.set((await analyseFile('/w/src/client/io.rs', 'use crate::client::Client;\n'))!);
  assert.deepEqual(where(r.member(client, 'send')), [], 'gone once the file no longer has the impl');
  index.set((await analyseFile('/w/src/client/io.rs', files['/w/src/client/io.rs']))!);

  // End to end: after `let mut c = Client::new(…)`, `c.` offers send from io.rs.
  const text =
    'use crate::client::Client;\n\nfn main() {\n    let mut c = Client::new("db:5432");\n    let n = c.\n}\n';
  const at = text.indexOf('c.\n') + 2;
  const out = JSON.stringify(await workspaceSnippets(index, 'src/main.rs', 'rust', text, at));
  assert.match(out, /pub fn send\(&mut self, bytes: &\[u8\]\) -> usize/);
  assert.doesNotMatch(out, /fn close/);
});

test('Rust: every impl is one definition named by its type, whatever the shape of the type', async () => {
  const text = [
    'impl Plain {\n    fn a(&self) {}\n}',
    'impl<T: Clone> Generic<T> {\n    fn b(&self) {}\n}',
    'impl fmt::Display for crate::net::Scoped {\n    fn c(&self) {}\n}',
    'impl<T> a::b::ScopedGeneric<T> {\n    fn d(&self) {}\n}',
    "impl<'a> IntoIterator for &'a Ref {\n    fn e(self) {}\n}",
    "impl<'a, T> Trait for &'a mut RefGeneric<T> {\n    fn f(&self) {}\n}",
    'impl Trait for u32 {\n    fn g(&self) {}\n}',
    'impl Trait for [u8; 3] {\n    fn h(&self) {}\n}',
  ].join('\n');
  const file = (await analyseFile('/w/src/shapes.rs', text))!;
  assert.deepEqual(
    file.definitions.map((d) => (d.container ? `${d.container}.${d.name}` : `${d.kind} ${d.name}`)),
    [
      'other Plain',
      'Plain.a',
      'other Generic',
      'Generic.b',
      'other Scoped',
      'Scoped.c',
      'other ScopedGeneric',
      'ScopedGeneric.d',
      'other Ref',
      'Ref.e',
      'other RefGeneric',
      'RefGeneric.f',
      'other u32',
      'u32.g',
      'other [u8; 3]',
      '[u8; 3].h',
    ],
  );
});

test('C#: a namespace is found by the files that declare it, not only by its directory', async () => {
  const index = await indexOf({
    '/w/src/Web/Controllers/HomeController.cs':
      'using Acme.Data;\n\nnamespace Acme.Web;\n\npublic class HomeController {\n  public void Index() {}\n}\n',
    '/w/src/Storage/SqlRepository.cs':
      'namespace Acme.Data {\n  public class Repository {\n    public void Save() {}\n  }\n}\n',
    '/w/src/Storage/Data/Repository.cs': 'namespace Acme.Storage.Data {\n  public class Repository {}\n}\n',
    '/w/src/Web/Models/ErrorModel.cs': 'namespace Acme.Web;\n\npublic class ErrorModel {}\n',
    '/w/tools/ErrorModel.cs': 'namespace Acme.Tools;\n\npublic class ErrorModel {}\n',
    '/w/src/Legacy.cs': 'namespace Acme {\n  namespace Legacy {\n    public class Importer {}\n  }\n}\n',
    '/w/tools/Importer.cs': 'namespace Tools {\n  public class Importer {}\n}\n',
    '/w/src/Web/Admin.cs': 'using Acme.Legacy;\n\nnamespace Acme.Web;\n\npublic class Admin {}\n',
  });
  const r = resolverFor(index, '/w/src/Web/Controllers/HomeController.cs', 'csharp');
  assert.deepEqual(
    where(r.topLevel('Repository')),
    ['/w/src/Storage/SqlRepository.cs:Repository'],
    'declared in Acme.Data, in a directory named otherwise; not the one in a Data directory',
  );
  assert.deepEqual(
    where(r.topLevel('ErrorModel')),
    ['/w/src/Web/Models/ErrorModel.cs:ErrorModel'],
    'the file’s own namespace, in another directory',
  );
  assert.deepEqual(where(r.member(r.topLevel('Repository')[0], 'Save')), ['/w/src/Storage/SqlRepository.cs:Save']);
  assert.deepEqual(
    where(resolverFor(index, '/w/src/Web/Admin.cs', 'csharp').topLevel('Importer')),
    ['/w/src/Legacy.cs:Importer'],
    'namespace Acme { namespace Legacy { is Acme.Legacy',
  );
});

test('C/C++: what a quoted include declares is in scope; C#: a class in a namespace is found through `using`', async () => {
  const index = await indexOf({
    '/w/src/main.c': '#include "geo/point.h"\n#include <stdio.h>\n\nint main(void) { return 0; }\n',
    '/w/include/geo/point.h': 'struct Point { int x; int y; };\n\nint point_norm(struct Point p);\n',
    '/w/tests/point.h': 'int point_norm(int p);\n\nstruct Point { long x; };\n',
    '/w/src/App/Service.cs': 'using Acme.Data;\nusing System;\n\nnamespace Acme.App {\n  public class Service {}\n}\n',
    '/w/src/App/Options.cs': 'namespace Acme.App {\n  public class Options {}\n}\n',
    '/w/src/Data/Repository.cs':
      'namespace Acme.Data {\n  public class Repository {\n    public void Save() {}\n  }\n}\n',
    '/w/legacy/Repository.cs': 'namespace Legacy {\n  public class Repository {}\n}\n',
    '/w/legacy/Options.cs': 'namespace Legacy {\n  public class Options {}\n}\n',
  });
  const c = resolverFor(index, '/w/src/main.c', 'c');
  assert.deepEqual(where(c.topLevel('point_norm')), ['/w/include/geo/point.h:point_norm'], 'found under include/');
  assert.deepEqual(where(c.topLevel('Point')), ['/w/include/geo/point.h:Point']);
  assert.ok(
    !importInfo('c', '/w/src/main.c', ['#include <stdio.h>\n'], ['/w']).candidates.some((p) => p.includes('stdio')),
    'a system include is not looked for in the workspace',
  );
  const cs = resolverFor(index, '/w/src/App/Service.cs', 'csharp');
  const repo = cs.topLevel('Repository');
  assert.deepEqual(where(repo), ['/w/src/Data/Repository.cs:Repository'], 'the used namespace, not Legacy');
  assert.deepEqual(where(cs.topLevel('Options')), ['/w/src/App/Options.cs:Options'], 'the own namespace');
  assert.deepEqual(where(cs.member(repo[0], 'Save')), ['/w/src/Data/Repository.cs:Save']);
});

test('Go: a long import block keeps its last imports (one statement per package in the index)', async () => {
  const many = Array.from({ length: 30 }, (_, i) => `\t"example.com/vendor/library/package${i}"`).join('\n');
  const index = await indexOf({
    '/w/app/main.go': `package main\n\nimport (\n${many}\n\tcfg "example.com/shop/config"\n)\n\nfunc main() {}\n`,
    '/w/config/config.go': 'package config\n\nfunc Load() error { return nil }\n',
    '/w/legacy/config.go': 'package legacy\n\nfunc Load() error { return nil }\n',
  });
  const imports = index.file('/w/app/main.go')!.imports;
  assert.equal(imports.length, 31);
  assert.equal(imports[30], 'import cfg "example.com/shop/config"');
  const r = resolverFor(index, '/w/app/main.go', 'go');
  assert.deepEqual(where(r.inModule('cfg', 'Load')), ['/w/config/config.go:Load']);
});
