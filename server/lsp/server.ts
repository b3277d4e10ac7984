import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  MessageType,
} from 'vscode-languageserver';
import { configFilePath, readConfigFile, settingsFromEnv, unwrapClientSettings } from '../config/sources';
import { DocumentStore } from '../documents/store';
import { createLogger, type Logger, sharedStderr } from '../log/logger';
import { fileSink, type LogSink } from '../log/sink';
import { rememberSecrets } from '../privacy/log-scrub';
import { ConfigStore, resolveApiKey } from '../config/store';
import { packageVersion } from '../paths';
import { configurationFeature } from './configuration';
import type { ServerContext } from './context';
import { documentSyncFeature } from './document-sync';
import { inspectFeature } from './inspect';
import { negotiateEncoding, PositionConverter } from './encoding';
import { type Feature, mergeCapabilities } from './feature';
import { ClientError } from './requests';

export interface ServerOptions {
  env?: NodeJS.ProcessEnv;
  /** Builds the product's features (completion, code actions, ...) on the shared context. */
  features?: (ctx: ServerContext) => Feature[];
}

function folderPaths(params: InitializeParams): string[] {
  // Clients send odd shapes (a string, null entries): only string URIs count.
  const folders: unknown[] | undefined = Array.isArray(params.workspaceFolders) ? params.workspaceFolders : undefined;
  const fromFolders = folders
    ?.map((f) => (f as { uri?: unknown } | null)?.uri)
    .filter((u): u is string => typeof u === 'string');
  const uris = fromFolders ?? (typeof params.rootUri === 'string' && params.rootUri ? [params.rootUri] : []);
  const paths = uris.flatMap((u) => {
    try {
      return [fileURLToPath(u)];
    } catch {
      return [];
    }
  });
  if (!paths.length && typeof params.rootPath === 'string' && params.rootPath)
    paths.push(path.resolve(params.rootPath));
  return paths;
}

/** The client's capabilities with every group that is not an object dropped (`textDocument: 5`). */
function capabilityGroups(caps: unknown): ClientCapabilities {
  if (typeof caps !== 'object' || caps === null || Array.isArray(caps)) return {};
  return Object.fromEntries(
    Object.entries(caps).filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v)),
  ) as ClientCapabilities;
}

/** `clientInfo` with only string fields kept. */
function clientInfoOf(info: unknown): { name?: string; version?: string } {
  if (typeof info !== 'object' || info === null) return {};
  const { name, version } = info as Record<string, unknown>;
  return { ...(typeof name === 'string' ? { name } : {}), ...(typeof version === 'string' ? { version } : {}) };
}

/** Wires one language server onto a connection. Returns the shared context (tests and the demo use it). */
export function createServer(connection: Connection, options: ServerOptions = {}): ServerContext {
  const env = options.env ?? process.env;
  let initialized = false;
  const pending: Array<[MessageType, string]> = [];
  const shown = new Set<string>();

  const show = (type: MessageType, message: string) => {
    if (!initialized) pending.push([type, message]);
    else void connection.sendNotification('window/showMessage', { type, message: `arbor-ls: ${message}` });
  };

  const config = new ConfigStore((problem) => show(MessageType.Warning, problem));
  let logger: Logger = createLogger('warn');
  let logSink: LogSink = sharedStderr();
  rememberSecrets(env.OPENAI_API_KEY);

  const ctx: ServerContext = {
    connection,
    config,
    documents: new DocumentStore(),
    log: () => logger,
    client: {} as ClientCapabilities,
    clientInfo: {},
    commands: new Map(),
    positions: new PositionConverter('utf-16'),
    workspaceFolders: [],
    show,
    notifyOnce(type, message) {
      if (shown.has(message)) return;
      shown.add(message);
      show(type === 'error' ? MessageType.Error : type === 'warning' ? MessageType.Warning : MessageType.Info, message);
    },
    requireDocument(uri) {
      const doc = ctx.documents.get(uri);
      if (!doc) throw new ClientError(`document ${uri} is not open (send textDocument/didOpen first)`);
      return doc;
    },
  };

  config.on('change', (cfg, changed: string[]) => {
    rememberSecrets(resolveApiKey(cfg, env), cfg['backend.apiKey']);
    if (changed.some((k) => k.startsWith('log.'))) {
      // The sink being replaced is closed (each change used to leak a descriptor); one that cannot
      // be opened falls back to stderr with one message instead of ending the process.
      const opened = cfg['log.file'] ? fileSink(cfg['log.file']) : { ok: true as const, sink: sharedStderr() };
      const next = opened.ok ? opened.sink : sharedStderr();
      if (logSink !== next && logSink !== sharedStderr()) logSink.close();
      logSink = next;
      if (!opened.ok) ctx.notifyOnce('warning', opened.problem);
      logger = createLogger(cfg['log.level'], logSink);
      logger.debug({ level: cfg['log.level'], file: logSink.description }, 'logging configured');
    }
  });

  const features = [
    documentSyncFeature(ctx),
    configurationFeature(ctx),
    inspectFeature(ctx),
    ...(options.features?.(ctx) ?? []),
  ];
  for (const f of features) f.attach(connection);

  connection.onInitialize((received: InitializeParams | undefined): InitializeResult => {
    const params: InitializeParams =
      typeof received === 'object' && received !== null ? received : ({} as InitializeParams);
    ctx.client = capabilityGroups(params.capabilities);
    ctx.clientInfo = clientInfoOf(params.clientInfo);
    ctx.positions = new PositionConverter(negotiateEncoding(ctx.client));
    ctx.workspaceFolders = folderPaths(params);

    const file = configFilePath(env);
    const fromFile = readConfigFile(file);
    if (fromFile.problem) config.problem(fromFile.problem);
    config.set('file', fromFile.settings, `config file ${file}`);
    config.set('env', settingsFromEnv(env), 'environment');
    config.set('initializationOptions', unwrapClientSettings(params.initializationOptions), 'initializationOptions');

    const capabilities = mergeCapabilities([
      { positionEncoding: ctx.positions.encoding },
      ...features.map((f) => f.capabilities(ctx.client)),
    ]);
    logger.info(
      { client: params.clientInfo, encoding: ctx.positions.encoding, folders: ctx.workspaceFolders },
      'initialize',
    );
    return { capabilities, serverInfo: { name: 'arbor-ls', version: packageVersion() } };
  });

  connection.onInitialized(() => {
    initialized = true;
    for (const [type, message] of pending.splice(0)) show(type, message);
    for (const f of features) f.initialized?.();
  });

  connection.onShutdown(() => {
    for (const f of features) f.dispose?.();
  });

  return ctx;
}
