/**
 * The canary corpus: one small case per secret shape, each written in two or three syntaxes
 * (language ids and file names). Every secret is built by concatenation so this repository holds
 * no literal that a secret scanner or push protection would take for a leaked credential.
 *
 * `secrets` are the parts that must not reach a model (type prefixes such as `ghp_`, `AKIA`,
 * `glpat-` are not secret and may stay); `kept` are ordinary parts (key names, hosts, users)
 * that redaction must leave readable.
 */
const j = (...parts: string[]): string => parts.join('');

export interface CanaryVariant {
  languageId: string;
  path: string;
  text: string;
  /** Readable parts that must survive in this variant. */
  kept: string[];
}

export interface CanaryShape {
  shape: string;
  secrets: string[];
  variants: CanaryVariant[];
}

const v = (languageId: string, path: string, text: string, kept: string[] = []): CanaryVariant => ({
  languageId,
  path,
  text,
  kept,
});

// Secret parts (what must be masked), one family per shape so a leak names its shape.
const S = {
  awsId: j('ZQ', 'CNRY', '7EXAMPLE01'),
  awsSecret: j('wJalrXUtnFEMI', '/K7MDENG/bPxRfiCY', 'CnryKEY901'),
  slackHook: j('Zq8Wm3Tk', 'CnryHook', '4xVb9Lp2'),
  whsec: j('Mq3Vz8Kp', 'CnryWhsec', '0Lx7Rt4Ws2Yb'),
  gocspx: j('Tz4Kq9Wm', 'CnryGoog', '2Vx7Lb5Rp8N'),
  glpat: j('xK4mZ9', 'CnryGlab', '7qP2wR'),
  npm: j('Vz7Kq2Wm9Tx', 'CnryNpm', '4Lb8Rp3Ns6Yc1Hd5Jf'),
  hf: j('QwErTyUiOp', 'CnryHugging', 'FaceAsDfGhJkL'),
  sgId: j('Xk9Zq2Wm', 'CnrySg', 'Tv7Lp3'),
  sgKey: j('Rq8Vz3Kp7Wm2', 'CnrySendGrid', 'Tx9Lb4Ns6Yc1Hd5Jf0Gh3Mk8'),
  pwAt: j('p@ss', 'CnryAt', '9x!'),
  pwSlash: j('pa/ss', 'CnrySl', '7/q'),
  redis: j('R3d1s', 'CnryPw', 'x9'),
  adonet: j('Ad0Net', 'CnryPw', '!7'),
  jdbc: j('Jdbc', 'CnryPw', '55x'),
  azure: j(
    'Az9Kq2Wm7Tx4',
    'CnryAzure',
    'Lb8Rp3Ns6Yc1Hd5Jf0Gh3Mk8Vz2Qw7Er4Ty9Ui1Op6As3Df8Gh2Jk5Lz0Xc7Vb4Nm1Qw9Ea==',
  ).slice(0, 88),
  environ: j('Env1ron', 'CnryPw', '42'),
  configIdx: j('C0nfigIdx', 'CnryPw', '77'),
  basicUser: 'deploy',
  basicPw: j('B4sic', 'CnryPw', '31'),
  reqAuth: j('Req', 'CnryPw', '8q'),
  comment: j('hunter', '2Cnry', 'Cmt'),
  nextLine: j('N3xt', 'CnryLine', 'Pw'),
  block1: j('Bl0ck', 'CnryScalar', 'L1'),
  block2: j('Bl0ck', 'CnryScalar', 'L2'),
  dockerUser: 'robot',
  dockerPw: j('D0cker', 'CnryAuth', 'Pw'),
  kubeKey: j(
    'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpN',
    'CnryKubeKey',
    'SUlFcEFJQkFBS0NBUUVBM1R6Mm1yN1NaaUFNZlF5dXZCak0yV3E4WE9rMVJ2NUp4OVRxM0xiN1lwME5jNEZk',
  ),
  kubeCert: j(
    'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM',
    'CnryKubeCert',
    'OHpDQ0FkdWdBd0lCQWdJQkFEQU5CZ2txaGtpRzl3MEJBUXNGQURBVk1STXdFUVlEVlFRREV3cHJkV0psY201bGRHVnpNQjRY',
  ),
  kubeToken: j('k8sTok', 'CnryBearer', '9Xq2Wm7Tz4Lb8Rp3'),
  dockerEnv: j('Dj4ng0', 'CnrySecretKey', 'x7q'),
  dockerArg: j('Np3m', 'CnryArgTok', '5z'),
  mysqlP: j('My5ql', 'CnryPw', 'q'),
  mysqlLong: j('My5qlL0ng', 'CnryPw', 'z'),
  curlU: j('Cu7l', 'CnryPw', 'k'),
  sshpass: j('Ssh9', 'CnryPw', 'w'),
  phpDefine: j('Php', 'CnryDefine', '9!'),
  vault: j('CAESIJ', 'CnryVault', 'Tok4x9Kq2Wm7Tz4Lb8Rp3Ns6'),
  minified: j('aK9xQ2mW7tZ4lB8rP3nS6yC1', 'CnryMin', 'hD5jF0gH'),
  jwtHead: j('ey', 'JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'),
  jwtBody: j('ey', 'JzdWIiOiJDbnJ5U3BsaXQiLCJuYW1lIjoiQ2FuYXJ5In0'),
  jwtSig: j('U2lnbmF0dXJl', 'Q25yeVNwbGl0', 'WHE5'),
  mycnf: j('MyCnf', 'CnryPw', '3'),
  awsCfgSecret: j('Qw8Er4Ty9Ui1', 'CnryAwsCfg', 'Op6As3Df8Gh2Jk5Lz0Xc'),
  s3cfgSecret: j('Zx7Cv4Bn1Mq9', 'CnryS3cfg', 'Wl3Ek8Rj2Tp5Yh0Ug6'),
  github: j('Cnry0123456789', 'abcdefABCDEF0123456789ab'),
  githubPat: j('11CNRY0', 'abcdefghijklmnopqrst', 'uvwxyz0123456789'),
  openai: j('Cnry1234567890', 'abcdefGHIJKLmnopqrstuv'),
  anthropic: j('CnryAnth0123456789', 'abcdefGHIJKLmnopqrstuvwx'),
  slackBot: j('9081726354-5647382910-', 'CnrySlackBot42'),
  stripe: j('CnryStripe', '0123456789abcdefGH'),
  google: j('SyCnryGoogleApi', 'Key0123456789abcdefg').slice(0, 35),
  jwtAlone: j('Q25yeUpXVEFsb25l', 'fQ'),
  bearer: j('Bearer', 'CnryTok9x8Zq3Wm'),
  pem1: j('MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Wq8XOk1Rv5Jx9Tq3L', 'CnryPem1'),
  pem2: j('Gh6Jk8Lm0Np2Qr4St6Uv8Wx0Yz2Ab4Cd6Ef8Gh0Ij2Kl4Mn6Op8Qr0S', 'CnryPem2'),
  ssh1: j('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMw', 'CnrySsh1'),
  ssh2: j('QyNTUxOQAAACDd1Kq9Wm7Tz4Lb8Rp3Ns6Yc1Hd5Jf0Gh3Mk8Vz2Qw7Er4', 'CnrySsh2'),
  envPw: j('Env', 'CnryDbPw', '61'),
  xmlPw: j('Xml', 'CnryPw', '19'),
  pgUrl: j('Pg', 'CnryUrlPw', '4'),
  jsonKey: j('Js0nApi', 'CnryKey', '88q'),
  tfvars: j('Tf', 'CnryVarPw', '6'),
  netrc: j('N3trc', 'CnryPw', 'z'),
  gitCred: j('ghp_', 'CnryGitCred0123456789abcdefABCDEF0123'),
  pgpass: j('Pgp4ss', 'CnryPw', 'y'),
  props: j('Spr1ng', 'CnryDsPw', 'v'),
  toml: j('T0ml', 'CnryPw', 'u'),
  npmrc: j('Npmrc', 'CnryAuthTok', '0123456789ab'),
  pypi: j('AgEIcHlwaS5vcmcCJ', 'CnryPypi', '0123456789abcdefghijklmnopqrstuvwxyzABCDEF'),
  dockerLogin: j('D0ckerL0gin', 'CnryPw', 't'),
  mongo: j('M0ngo', 'CnryPw', 's'),
  pgEnv: j('PgEnv', 'CnryPw', 'r'),
  sas: j('sv9Kq2Wm7Tz4', 'CnrySas', 'Lb8Rp3Ns6%3D'),
  apiKeyHeader: j('HdrApi', 'CnryKey', '0123456789'),
  tokenFlag: j('Fl4g', 'CnryTok', '0123456789'),
  shopify: j('a1b2c3d4e5f6', '0718293a4b5c6d7e8f90'),
  doppler: j('dp', 'CnryDoppler0123456789abcdefGHIJKLmnopqrstu'),
  linear: j('CnryLinear0123456789', 'abcdefGHIJKLmnopqrst'),
  databricks: j('0a1b2c3d4e5f', '60718293a4b5c6d7e'),
  twilio: j('Tw1l10', 'CnryAuthTok', 'e5'),
  discordHook: j('Dc9Kq2Wm7Tz4', 'CnryDiscordHook', 'Lb8Rp3Ns6Yc1Hd5Jf0Gh3Mk8Vz2Qw7Er4Ty9Ui1Op6As3Df8Gh2'),
  privateJson: j('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ', 'CnryJsonKey'),
  cookie: j('s%3A', 'CnrySession', 'Xq9Wm2Tz7Lb4'),
} as const;

const PEM = (kind: string, lines: string[]) =>
  [j('-----BEGIN ', kind, 'PRIVATE', ' KEY-----'), ...lines, j('-----END ', kind, 'PRIVATE', ' KEY-----')].join('\n');
const jwt = j(S.jwtHead, '.', S.jwtBody, '.', S.jwtSig);
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const basic = b64(`${S.basicUser}:${S.basicPw}`);
const dockerAuth = b64(`${S.dockerUser}:${S.dockerPw}`);

export const SHAPES: CanaryShape[] = [
  {
    shape: 'aws-secret-positional',
    secrets: [S.awsId, S.awsSecret],
    variants: [
      v(
        'python',
        'app/storage.py',
        `import boto3\ns3 = boto3.client('s3', '${j('AK', 'IA')}${S.awsId}', '${S.awsSecret}')\n`,
        ["boto3.client('s3', 'AKIA"],
      ),
      v(
        'javascript',
        'lib/s3.js',
        `const s3 = new S3Client({ region: 'eu-west-1', credentials: new Creds("${j('AK', 'IA')}${S.awsId}", "${S.awsSecret}") });\n`,
        ['new S3Client('],
      ),
      v(
        'shellscript',
        'deploy.sh',
        `aws configure set aws_access_key_id ${j('AK', 'IA')}${S.awsId}\naws configure set aws_secret_access_key ${S.awsSecret}\n`,
        ['aws configure set aws_secret_access_key '],
      ),
    ],
  },
  {
    shape: 'slack-webhook',
    secrets: [S.slackHook],
    variants: [
      v('python', 'notify.py', `WEBHOOK = "https://hooks.slack.com/services/T0CNRY123/B0CNRY456/${S.slackHook}"\n`, [
        'https://hooks.slack.com/services/',
      ]),
      v('yaml', 'alerts.yaml', `slack:\n  url: https://hooks.slack.com/services/T0CNRY123/B0CNRY456/${S.slackHook}\n`, [
        'hooks.slack.com',
      ]),
      v(
        'json',
        'hooks.json',
        `{"channel": "#ops", "webhook": "https://hooks.slack.com/services/T0CNRY123/B0CNRY456/${S.slackHook}"}\n`,
        ['"channel": "#ops"'],
      ),
    ],
  },
  {
    shape: 'stripe-webhook-secret',
    secrets: [S.whsec],
    variants: [
      v('python', 'billing.py', `endpoint_secret = "${j('wh', 'sec_')}${S.whsec}"\n`, ['endpoint_secret = "']),
      v('javascript', 'billing.js', `stripe.webhooks.constructEvent(body, sig, '${j('wh', 'sec_')}${S.whsec}');\n`, [
        'stripe.webhooks.constructEvent(body, sig, ',
      ]),
      v('dotenv', '.env.production', `STRIPE_WEBHOOK=${j('wh', 'sec_')}${S.whsec}\n`, ['STRIPE_WEBHOOK=']),
    ],
  },
  {
    shape: 'google-oauth-client-secret',
    secrets: [S.gocspx],
    variants: [
      v(
        'json',
        'client_secret.json',
        `{"installed":{"client_id":"123-cnry.apps.googleusercontent.com","client_secret":"${j('GOC', 'SPX-')}${S.gocspx}"}}\n`,
        ['"client_id":"123-cnry.apps.googleusercontent.com"'],
      ),
      v(
        'python',
        'oauth.py',
        `flow = Flow.from_client_config(cfg, scopes, client_secret='${j('GOC', 'SPX-')}${S.gocspx}')\n`,
        ['Flow.from_client_config('],
      ),
      v('yaml', 'oauth.yml', `google:\n  oauth: ${j('GOC', 'SPX-')}${S.gocspx}\n`, ['google:']),
    ],
  },
  {
    shape: 'gitlab-token',
    secrets: [S.glpat],
    variants: [
      v('shellscript', 'ci.sh', `git clone https://oauth2:${j('gl', 'pat-')}${S.glpat}@gitlab.com/group/repo.git\n`, [
        'gitlab.com/group/repo.git',
      ]),
      v('python', 'gl.py', `gl = gitlab.Gitlab('https://gitlab.com', private_token='${j('gl', 'pat-')}${S.glpat}')\n`, [
        "gitlab.Gitlab('https://gitlab.com'",
      ]),
      v('yaml', '.gitlab-ci.yml', `variables:\n  GL_CRED: ${j('gl', 'pat-')}${S.glpat}\n`, ['variables:']),
    ],
  },
  {
    shape: 'npm-token',
    secrets: [S.npm],
    variants: [
      v(
        'ini',
        '.npmrc',
        `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${j('np', 'm_')}${S.npm}\n`,
        ['registry=https://registry.npmjs.org/'],
      ),
      v('yaml', '.github/workflows/publish.yml', `env:\n  NODE_AUTH: ${j('np', 'm_')}${S.npm}\n`, ['env:']),
      v('javascript', 'publish.js', `const npmCred = "${j('np', 'm_')}${S.npm}";\n`, ['const npmCred = "']),
    ],
  },
  {
    shape: 'huggingface-token',
    secrets: [S.hf],
    variants: [
      v('python', 'train.py', `login("${j('h', 'f_')}${S.hf}")\n`, ['login("']),
      v('shellscript', 'setup.sh', `huggingface-cli login --token ${j('h', 'f_')}${S.hf}\n`, [
        'huggingface-cli login --token ',
      ]),
      v('dotenv', '.env', `HF_HUB=${j('h', 'f_')}${S.hf}\n`, ['HF_HUB=']),
    ],
  },
  {
    shape: 'sendgrid-key',
    secrets: [S.sgKey],
    variants: [
      v('python', 'mail.py', `sg = SendGridAPIClient("${j('S', 'G.')}${S.sgId}.${S.sgKey}")\n`, [
        'SendGridAPIClient("',
      ]),
      v('javascript', 'mail.js', `sgMail.setApiKey('${j('S', 'G.')}${S.sgId}.${S.sgKey}');\n`, ['sgMail.setApiKey(']),
      v('yaml', 'mail.yaml', `mail:\n  sendgrid: ${j('S', 'G.')}${S.sgId}.${S.sgKey}\n`, ['mail:']),
    ],
  },
  {
    shape: 'url-password-with-at',
    secrets: [S.pwAt],
    variants: [
      v('python', 'db.py', `engine = create_engine("postgresql://app:${S.pwAt}@db.internal:5432/app")\n`, [
        'postgresql://app:',
        '@db.internal:5432/app',
      ]),
      v('yaml', 'db.yaml', `database:\n  url: mysql://app:${S.pwAt}@db.internal/app\n`, [
        'mysql://app:',
        '@db.internal/app',
      ]),
      v('dotenv', '.env', `DATABASE_URL=postgres://app:${S.pwAt}@db.internal:5432/app\n`, [
        'DATABASE_URL=postgres://app:',
        '@db.internal:5432/app',
      ]),
    ],
  },
  {
    shape: 'url-password-with-slash',
    secrets: [S.pwSlash],
    variants: [
      v('python', 'db.py', `DSN = "postgresql://app:${S.pwSlash}@db.internal:5432/app"\n`, [
        'postgresql://app:',
        '@db.internal:5432/app',
      ]),
      v('javascript', 'db.js', `const url = 'amqp://queue:${S.pwSlash}@mq.internal:5672/vhost';\n`, [
        'amqp://queue:',
        '@mq.internal:5672/vhost',
      ]),
      v('toml', 'db.toml', `[db]\nurl = "mongodb://root:${S.pwSlash}@mongo.internal:27017"\n`, [
        'mongodb://root:',
        '@mongo.internal:27017',
      ]),
    ],
  },
  {
    shape: 'redis-url-empty-user',
    secrets: [S.redis],
    variants: [
      v('python', 'cache.py', `r = redis.from_url("redis://:${S.redis}@cache.internal:6379/0")\n`, [
        'redis://:',
        '@cache.internal:6379/0',
      ]),
      v('yaml', 'cache.yaml', `cache:\n  url: rediss://:${S.redis}@cache.internal:6380\n`, [
        'rediss://:',
        '@cache.internal:6380',
      ]),
      v('dotenv', '.env', `REDIS_URL=redis://:${S.redis}@cache.internal:6379\n`, ['REDIS_URL=redis://:']),
    ],
  },
  {
    shape: 'adonet-connection-string',
    secrets: [S.adonet],
    variants: [
      v(
        'csharp',
        'Db.cs',
        `var cs = "Server=sql.internal;Database=Shop;User Id=sa;Password=${S.adonet};TrustServerCertificate=True";\n`,
        ['Server=sql.internal;Database=Shop;User Id=sa;Password=', ';TrustServerCertificate=True'],
      ),
      v(
        'xml',
        'web.config',
        `<add name="Shop" connectionString="Data Source=sql.internal;Initial Catalog=Shop;User ID=sa;Pwd=${S.adonet};" />\n`,
        ['Data Source=sql.internal;Initial Catalog=Shop;User ID=sa;Pwd='],
      ),
      v('powershell', 'db.ps1', `$cs = 'Server=sql.internal;Database=Shop;Uid=sa;Password=${S.adonet}'\n`, [
        "$cs = 'Server=sql.internal;Database=Shop;Uid=sa;Password=",
      ]),
    ],
  },
  {
    shape: 'appsettings-connection-string',
    secrets: [S.adonet],
    variants: [
      v(
        'json',
        'appsettings.json',
        `{\n  "ConnectionStrings": {\n    "Default": "Server=sql.internal;Database=Shop;User Id=sa;Password=${S.adonet};"\n  }\n}\n`,
        ['"ConnectionStrings": {', 'Server=sql.internal;Database=Shop;User Id=sa;Password='],
      ),
      v(
        'jsonc',
        'appsettings.Development.json',
        `{ "ConnectionStrings": { "Default": "Host=pg.internal;Username=app;Password=${S.adonet}" } }\n`,
        ['Host=pg.internal;Username=app;Password='],
      ),
    ],
  },
  {
    shape: 'jdbc-password-param',
    secrets: [S.jdbc],
    variants: [
      v(
        'java',
        'Db.java',
        `String url = "jdbc:mysql://db.internal:3306/shop?user=app&password=${S.jdbc}&useSSL=true";\n`,
        ['jdbc:mysql://db.internal:3306/shop?user=app&password=', '&useSSL=true'],
      ),
      v(
        'properties',
        'application.properties',
        `spring.datasource.url=jdbc:postgresql://db.internal/shop?user=app&password=${S.jdbc}\n`,
        ['spring.datasource.url=jdbc:postgresql://db.internal/shop?user=app&password='],
      ),
      v('kotlin', 'Db.kt', `val url = "jdbc:sqlserver://db.internal;databaseName=shop;user=app;password=${S.jdbc}"\n`, [
        'jdbc:sqlserver://db.internal;databaseName=shop;user=app;password=',
      ]),
    ],
  },
  {
    shape: 'azure-account-key',
    secrets: [S.azure],
    variants: [
      v(
        'csharp',
        'Blob.cs',
        `var cs = "DefaultEndpointsProtocol=https;AccountName=cnrystore;AccountKey=${S.azure};EndpointSuffix=core.windows.net";\n`,
        ['AccountName=cnrystore;AccountKey=', ';EndpointSuffix=core.windows.net'],
      ),
      v(
        'dotenv',
        '.env',
        `AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=cnrystore;AccountKey=${S.azure}\n`,
        ['AccountName=cnrystore;AccountKey='],
      ),
      v(
        'python',
        'blob.py',
        `svc = BlobServiceClient.from_connection_string("AccountName=cnrystore;AccountKey=${S.azure}")\n`,
        ['AccountName=cnrystore;AccountKey='],
      ),
    ],
  },
  {
    shape: 'os-environ-assignment',
    secrets: [S.environ],
    variants: [
      v('python', 'settings.py', `os.environ["DB_PASSWORD"] = "${S.environ}"\n`, ['os.environ["DB_PASSWORD"] = "']),
      v('ruby', 'env.rb', `ENV['DB_PASSWORD'] = '${S.environ}'\n`, ["ENV['DB_PASSWORD'] = '"]),
      v('go', 'main.go', `os.Setenv("DB_PASSWORD", "${S.environ}")\n`, ['os.Setenv("DB_PASSWORD", "']),
    ],
  },
  {
    shape: 'index-assignment',
    secrets: [S.configIdx],
    variants: [
      v('python', 'app.py', `app.config["SECRET_KEY"] = "${S.configIdx}"\nconfig["password"] = "${S.configIdx}"\n`, [
        'app.config["SECRET_KEY"] = "',
      ]),
      v('javascript', 'app.js', `settings['apiKey'] = '${S.configIdx}';\n`, ["settings['apiKey'] = '"]),
      v('php', 'config.php', `$config['db_password'] = '${S.configIdx}';\n`, ["$config['db_password'] = '"]),
    ],
  },
  {
    shape: 'basic-auth-header',
    secrets: [basic],
    variants: [
      v('http', 'api.http', `GET https://api.internal/v1/items\nAuthorization: Basic ${basic}\n`, [
        'Authorization: Basic ',
        'https://api.internal/v1/items',
      ]),
      v('python', 'client.py', `headers = {"Authorization": "Basic ${basic}"}\n`, [
        'headers = {"Authorization": "Basic ',
      ]),
      v('shellscript', 'call.sh', `curl -H 'Authorization: Basic ${basic}' https://api.internal/v1/items\n`, [
        "curl -H 'Authorization: Basic ",
      ]),
    ],
  },
  {
    shape: 'requests-auth-tuple',
    secrets: [S.reqAuth],
    variants: [
      v('python', 'fetch.py', `r = requests.get(url, auth=("admin", "${S.reqAuth}"))\n`, [
        'requests.get(url, auth=("admin", "',
      ]),
      v('python', 'fetch2.py', `session.auth = ('admin', '${S.reqAuth}')\n`, ["session.auth = ('admin', '"]),
      v('python', 'fetch3.py', `r = requests.get(url, auth=HTTPBasicAuth("admin", "${S.reqAuth}"))\n`, [
        'auth=HTTPBasicAuth("admin", "',
      ]),
    ],
  },
  {
    shape: 'password-in-comment',
    secrets: [S.comment],
    variants: [
      v('python', 'db.py', `# password: ${S.comment}\nconn = connect(host="db")\n`, [
        '# password: ',
        'conn = connect(host="db")',
      ]),
      v('javascript', 'db.js', `// admin password = ${S.comment}\nconst conn = connect();\n`, [
        'const conn = connect();',
      ]),
      v('sql', 'seed.sql', `-- password: ${S.comment}\nSELECT 1;\n`, ['-- password: ', 'SELECT 1;']),
    ],
  },
  {
    shape: 'value-on-next-line',
    secrets: [S.nextLine],
    variants: [
      v('python', 'cfg.py', `password = \\\n    "${S.nextLine}"\n`, ['password = \\']),
      v('yaml', 'cfg.yaml', `db:\n  password:\n    ${S.nextLine}\n  host: db.internal\n`, [
        '  password:',
        'host: db.internal',
      ]),
      v('javascript', 'cfg.js', `const cfg = {\n  password:\n    '${S.nextLine}',\n};\n`, ['  password:']),
    ],
  },
  {
    shape: 'yaml-block-scalar',
    secrets: [S.block1, S.block2],
    variants: [
      v('yaml', 'secrets.yaml', `db:\n  password: |\n    ${S.block1}\n    ${S.block2}\n  host: db.internal\n`, [
        '  password: |',
        'host: db.internal',
      ]),
      v('yaml', 'values.yaml', `api_token: >-\n  ${S.block1}\n  ${S.block2}\nreplicas: 2\n`, [
        'api_token: >-',
        'replicas: 2',
      ]),
      v('plaintext', 'notes.txt', `secret: |+\n  ${S.block1}\n  ${S.block2}\n\nother: 1\n`, ['secret: |+', 'other: 1']),
    ],
  },
  {
    shape: 'docker-config-auth',
    secrets: [dockerAuth],
    variants: [
      v(
        'json',
        '.docker/config.json',
        `{\n  "auths": {\n    "registry.internal": {\n      "auth": "${dockerAuth}"\n    }\n  }\n}\n`,
        ['"registry.internal": {', '"auth": "'],
      ),
      v('jsonc', 'dockerconfig.json', `{"auths":{"https://index.docker.io/v1/":{"auth":"${dockerAuth}"}}}\n`, [
        '"auths":{"https://index.docker.io/v1/":{"auth":"',
      ]),
      v('yaml', 'pull-secret.yaml', `auths:\n  registry.internal:\n    auth: ${dockerAuth}\n`, [
        'registry.internal:',
        'auth: ',
      ]),
    ],
  },
  {
    shape: 'kubeconfig-client-key-data',
    secrets: [S.kubeKey.slice(14)],
    variants: [
      v('yaml', '.kube/config', `users:\n- name: admin\n  user:\n    client-key-data: ${S.kubeKey}\n`, [
        '- name: admin',
        'client-key-data: ',
      ]),
      v(
        'kubeconfig',
        'kubeconfig',
        `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: ${S.kubeKey}\n`,
        ['kind: Config', 'client-key-data: '],
      ),
    ],
  },
  {
    shape: 'kubeconfig-client-certificate-data',
    secrets: [S.kubeCert.slice(14)],
    variants: [
      v('yaml', '.kube/config', `users:\n- name: admin\n  user:\n    client-certificate-data: ${S.kubeCert}\n`, [
        'client-certificate-data: ',
      ]),
      v(
        'kubeconfig',
        'config',
        `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-certificate-data: ${S.kubeCert}\n`,
        ['client-certificate-data: '],
      ),
    ],
  },
  {
    shape: 'kubeconfig-token',
    secrets: [S.kubeToken],
    variants: [
      v('yaml', '.kube/config', `users:\n- name: ci\n  user:\n    token: ${S.kubeToken}\n`, [
        '- name: ci',
        '    token: ',
      ]),
      v(
        'kubeconfig',
        'kubeconfig',
        `apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: ${S.kubeToken}\n`,
        ['    token: '],
      ),
    ],
  },
  {
    shape: 'dockerfile-env',
    secrets: [S.dockerEnv],
    variants: [
      v('dockerfile', 'Dockerfile', `FROM python:3.12\nENV SECRET_KEY=${S.dockerEnv}\n`, [
        'FROM python:3.12',
        'ENV SECRET_KEY=',
      ]),
      v('dockerfile', 'api.Dockerfile', `FROM node:20\nENV DB_PASSWORD ${S.dockerEnv}\n`, ['ENV DB_PASSWORD ']),
      v('dockerfile', 'Containerfile', `FROM alpine\nENV APP_ENV=prod SECRET_KEY="${S.dockerEnv}"\n`, [
        'ENV APP_ENV=prod SECRET_KEY="',
      ]),
    ],
  },
  {
    shape: 'dockerfile-arg',
    secrets: [S.dockerArg],
    variants: [
      v('dockerfile', 'Dockerfile', `FROM node:20\nARG NPM_TOKEN=${S.dockerArg}\n`, ['ARG NPM_TOKEN=']),
      v('dockerfile', 'build.Dockerfile', `ARG GITHUB_TOKEN="${S.dockerArg}"\nRUN echo build\n`, [
        'ARG GITHUB_TOKEN="',
        'RUN echo build',
      ]),
    ],
  },
  {
    shape: 'mysql-short-password-flag',
    secrets: [S.mysqlP],
    variants: [
      v('shellscript', 'backup.sh', `mysqldump -u root -p${S.mysqlP} shop > shop.sql\n`, [
        'mysqldump -u root -p',
        ' shop > shop.sql',
      ]),
      v('python', 'backup.py', `os.system("mysql -h db.internal -u root -p${S.mysqlP} shop < dump.sql")\n`, [
        'mysql -h db.internal -u root -p',
      ]),
      v('yaml', '.github/workflows/db.yml', `steps:\n  - run: mysql -uroot -p${S.mysqlP} -e "SELECT 1"\n`, [
        '  - run: mysql -uroot -p',
      ]),
    ],
  },
  {
    shape: 'long-password-flag',
    secrets: [S.mysqlLong],
    variants: [
      v('shellscript', 'backup.sh', `mysql --user=root --password=${S.mysqlLong} shop\n`, [
        'mysql --user=root --password=',
      ]),
      v('dockerfile', 'Dockerfile', `RUN mysqladmin --password ${S.mysqlLong} create shop\n`, [
        'RUN mysqladmin --password ',
      ]),
      v('python', 'run.py', `subprocess.run("pg_dump --dbname=shop --password=${S.mysqlLong}", shell=True)\n`, [
        'pg_dump --dbname=shop --password=',
      ]),
    ],
  },
  {
    shape: 'curl-user-password',
    secrets: [S.curlU],
    variants: [
      v('shellscript', 'call.sh', `curl -u admin:${S.curlU} https://api.internal/items\n`, [
        'curl -u admin:',
        'https://api.internal/items',
      ]),
      v('makefile', 'Makefile', `deploy:\n\tcurl --user deploy:${S.curlU} -X POST https://ci.internal/hook\n`, [
        'curl --user deploy:',
      ]),
      v('python', 'call.py', `subprocess.run(["curl", "-u", "admin:${S.curlU}", url])\n`, ['"-u", "admin:']),
    ],
  },
  {
    shape: 'sshpass',
    secrets: [S.sshpass],
    variants: [
      v('shellscript', 'copy.sh', `sshpass -p ${S.sshpass} scp dump.sql admin@host.internal:/tmp\n`, [
        'sshpass -p ',
        'scp dump.sql admin@host.internal:/tmp',
      ]),
      v('yaml', 'deploy.yml', `- name: copy\n  shell: sshpass -p'${S.sshpass}' ssh admin@host.internal uptime\n`, [
        'ssh admin@host.internal uptime',
      ]),
    ],
  },
  {
    shape: 'php-define',
    secrets: [S.phpDefine],
    variants: [
      v('php', 'wp-config.php', `<?php\ndefine('DB_PASSWORD', '${S.phpDefine}');\ndefine('DB_HOST', 'localhost');\n`, [
        "define('DB_PASSWORD', '",
        "define('DB_HOST', 'localhost');",
      ]),
      v('php', 'config.php', `<?php\ndefine( "AUTH_KEY", "${S.phpDefine}" );\n`, ['define( "AUTH_KEY", "']),
    ],
  },
  {
    shape: 'vault-token-file',
    secrets: [S.vault],
    variants: [
      v('plaintext', '.vault-token', `${j('hv', 's.')}${S.vault}`),
      v('plaintext', '.vault-token', `${j('hv', 's.')}${S.vault}\n`),
      v('shellscript', 'vault.sh', `export VAULT_TOKEN=${j('hv', 's.')}${S.vault}\n`, ['export VAULT_TOKEN=']),
    ],
  },
  {
    shape: 'minified-line-cut-key',
    secrets: [S.minified],
    variants: [
      v('javascript', 'bundle.min.js', `ret:"${S.minified}",host:"api.internal",retries:3};function r(e){return e}\n`, [
        'host:"api.internal",retries:3',
      ]),
      v('javascript', 'bundle.min.js', `${S.minified}",host:"api.internal"});\n`, ['host:"api.internal"']),
      v('json', 'bundle.json', `Key":"${S.minified}","region":"eu-west-1"}\n`, ['"region":"eu-west-1"']),
    ],
  },
  {
    shape: 'jwt-split-literals',
    secrets: [S.jwtBody.slice(3), S.jwtSig],
    variants: [
      v('javascript', 'auth.js', `const t = "${S.jwtHead}." +\n  "${S.jwtBody}.${S.jwtSig}";\n`, ['const t = "eyJ']),
      v('python', 'auth.py', `TOKEN = ("${S.jwtHead}.${S.jwtBody}."\n         "${S.jwtSig}")\n`, ['TOKEN = ("eyJ']),
      v('java', 'Auth.java', `String t = "${S.jwtHead}.${S.jwtBody}." + "${S.jwtSig}";\n`, ['String t = "eyJ']),
    ],
  },
  {
    shape: 'my-cnf',
    secrets: [S.mycnf],
    variants: [
      v('dosini', '.my.cnf', `[client]\nuser=root\npassword=${S.mycnf}\nhost=db.internal\n`, [
        '[client]',
        'user=root',
        'host=db.internal',
      ]),
      v('plaintext', 'my.cnf', `[mysqldump]\nuser = root\npassword = ${S.mycnf}\n`, ['[mysqldump]']),
    ],
  },
  {
    shape: 'aws-credentials-file',
    secrets: [S.awsCfgSecret],
    variants: [
      v(
        'dosini',
        '.aws/credentials',
        `[default]\naws_access_key_id = ${j('AK', 'IA')}${S.awsId}\naws_secret_access_key = ${S.awsCfgSecret}\n`,
        ['[default]', 'aws_secret_access_key = '],
      ),
      v('dosini', '.aws/config', `[profile prod]\nregion = eu-west-1\naws_secret_access_key=${S.awsCfgSecret}\n`, [
        '[profile prod]',
        'region = eu-west-1',
      ]),
    ],
  },
  {
    shape: 's3cfg',
    secrets: [S.s3cfgSecret],
    variants: [
      v(
        'dosini',
        '.s3cfg',
        `[default]\naccess_key = ${j('AK', 'IA')}${S.awsId}\nsecret_key = ${S.s3cfgSecret}\nhost_base = s3.amazonaws.com\n`,
        ['host_base = s3.amazonaws.com', 'secret_key = '],
      ),
      v('ini', 's3cfg.ini', `[default]\nsecret_key=${S.s3cfgSecret}\n`, ['secret_key=']),
    ],
  },
  {
    shape: 'github-classic-token',
    secrets: [S.github],
    variants: [
      v('python', 'gh.py', `g = Github("${j('gh', 'p_')}${S.github}")\n`, ['Github("ghp_']),
      v('yaml', 'gh.yml', `github:\n  auth: ${j('gh', 'p_')}${S.github}\n`, ['github:']),
    ],
  },
  {
    shape: 'github-fine-grained-token',
    secrets: [S.githubPat],
    variants: [
      v('shellscript', 'gh.sh', `GH=${j('github', '_pat_')}${S.githubPat}\n`, ['GH=github_pat_']),
      v('json', 'gh.json', `{"gh": "${j('github', '_pat_')}${S.githubPat}"}\n`, ['{"gh": "github_pat_']),
    ],
  },
  {
    shape: 'openai-key',
    secrets: [S.openai],
    variants: [
      v('python', 'llm.py', `client = OpenAI(api_key="${j('sk', '-proj-')}${S.openai}")\n`, [
        'client = OpenAI(api_key="sk-proj-',
      ]),
      v('typescript', 'llm.ts', `const c = new OpenAI({ apiKey: '${j('sk', '-proj-')}${S.openai}' });\n`, [
        'new OpenAI({ apiKey: ',
      ]),
    ],
  },
  {
    shape: 'anthropic-key',
    secrets: [S.anthropic],
    variants: [
      v('python', 'claude.py', `client = Anthropic(api_key="${j('sk', '-ant-api03-')}${S.anthropic}")\n`, [
        'Anthropic(api_key="sk-ant-',
      ]),
      v('dotenv', '.env', `ANTHROPIC_API_KEY=${j('sk', '-ant-api03-')}${S.anthropic}\n`, ['ANTHROPIC_API_KEY=']),
    ],
  },
  {
    shape: 'slack-bot-token',
    secrets: [S.slackBot],
    variants: [
      v('python', 'bot.py', `app = App(token="${j('xo', 'xb-')}${S.slackBot}")\n`, ['App(token="xoxb-']),
      v('yaml', 'bot.yaml', `slack:\n  bot: ${j('xo', 'xb-')}${S.slackBot}\n`, ['slack:']),
    ],
  },
  {
    shape: 'stripe-secret-key',
    secrets: [S.stripe],
    variants: [
      v('ruby', 'pay.rb', `Stripe.api_key = '${j('sk', '_live_')}${S.stripe}'\n`, ['Stripe.api_key = ']),
      v('javascript', 'pay.js', `const stripe = require('stripe')('${j('sk', '_live_')}${S.stripe}');\n`, [
        "require('stripe')(",
      ]),
    ],
  },
  {
    shape: 'google-api-key',
    secrets: [S.google],
    variants: [
      v('javascript', 'maps.js', `loader.load({ key: "${j('AI', 'za')}${S.google}" });\n`, [
        'loader.load({ key: "AIza',
      ]),
      v(
        'html',
        'index.html',
        `<script src="https://maps.googleapis.com/maps/api/js?key=${j('AI', 'za')}${S.google}"></script>\n`,
        ['https://maps.googleapis.com/maps/api/js?key=AIza'],
      ),
    ],
  },
  {
    shape: 'jwt',
    secrets: [S.jwtBody.slice(3), S.jwtSig],
    variants: [
      v('python', 'auth.py', `token = "${jwt}"\n`, ['token = "eyJ']),
      v('http', 'api.http', `GET /me\nX-Session: ${jwt}\n`, ['X-Session: ']),
    ],
  },
  {
    shape: 'bearer-header',
    secrets: [S.bearer],
    variants: [
      v('shellscript', 'call.sh', `curl -H "Authorization: Bearer ${S.bearer}" https://api.internal\n`, [
        'Authorization: Bearer ',
      ]),
      v('javascript', 'call.js', `fetch(url, { headers: { Authorization: 'Bearer ${S.bearer}' } });\n`, [
        "Authorization: 'Bearer ",
      ]),
    ],
  },
  {
    shape: 'pem-private-key',
    secrets: [S.pem1, S.pem2],
    variants: [
      v('python', 'keys.py', `KEY = """${PEM('RSA ', [S.pem1, S.pem2])}"""\n`, ['-----BEGIN RSA PRIVATE KEY-----']),
      v('plaintext', 'server.key', `${PEM('', [S.pem1, S.pem2])}\n`, ['-----END PRIVATE KEY-----']),
    ],
  },
  {
    shape: 'openssh-private-key',
    secrets: [S.ssh1, S.ssh2],
    variants: [
      v('plaintext', 'id_ed25519', `${PEM('OPENSSH ', [S.ssh1, S.ssh2])}\n`, ['-----BEGIN OPENSSH PRIVATE KEY-----']),
      v('yaml', 'deploy.yaml', `ssh_key: |\n  ${PEM('OPENSSH ', [S.ssh1, S.ssh2]).split('\n').join('\n  ')}\n`, [
        'ssh_key: |',
      ]),
    ],
  },
  {
    shape: 'env-file-password',
    secrets: [S.envPw],
    variants: [
      v('dotenv', '.env', `DB_HOST=db.internal\nDB_PASSWORD=${S.envPw}\n`, ['DB_HOST=db.internal', 'DB_PASSWORD=']),
      v('shellscript', 'env.sh', `export DB_PASSWORD="${S.envPw}"\n`, ['export DB_PASSWORD="']),
    ],
  },
  {
    shape: 'xml-password-element',
    secrets: [S.xmlPw],
    variants: [
      v(
        'xml',
        'settings.xml',
        `<server><id>repo</id><username>ci</username><password>${S.xmlPw}</password></server>\n`,
        ['<username>ci</username><password>'],
      ),
      v('xml', 'app.config', `<add key="ApiSecret" value="${S.xmlPw}" />\n`, ['<add key="ApiSecret" value="']),
    ],
  },
  {
    shape: 'postgres-url-password',
    secrets: [S.pgUrl],
    variants: [
      v('python', 'db.py', `DATABASE_URL = "postgres://app:${S.pgUrl}@db.internal:5432/app"\n`, [
        'postgres://app:',
        '@db.internal:5432/app',
      ]),
      v('yaml', 'db.yaml', `url: postgresql://app:${S.pgUrl}@db.internal/app\n`, ['postgresql://app:']),
    ],
  },
  {
    shape: 'json-api-key',
    secrets: [S.jsonKey],
    variants: [
      v('json', 'config.json', `{ "apiKey": "${S.jsonKey}", "region": "eu" }\n`, ['{ "apiKey": "', '"region": "eu"']),
      v('javascript', 'config.js', `module.exports = { apiKey: "${S.jsonKey}" };\n`, ['module.exports = { apiKey: "']),
    ],
  },
  {
    shape: 'terraform-tfvars',
    secrets: [S.tfvars],
    variants: [
      v('terraform', 'prod.tfvars', `db_password = "${S.tfvars}"\nregion = "eu-west-1"\n`, [
        'db_password = "',
        'region = "eu-west-1"',
      ]),
      v('hcl', 'main.tf', `resource "aws_db_instance" "db" {\n  password = "${S.tfvars}"\n}\n`, ['  password = "']),
    ],
  },
  {
    shape: 'netrc',
    secrets: [S.netrc],
    variants: [
      v('plaintext', '.netrc', `machine api.internal login deploy password ${S.netrc}\n`, [
        'machine api.internal login deploy password ',
      ]),
      v('plaintext', '_netrc', `machine api.internal\n  login deploy\n  password ${S.netrc}\n`, ['  login deploy']),
    ],
  },
  {
    shape: 'git-credentials',
    secrets: [S.gitCred.slice(4)],
    variants: [
      v('plaintext', '.git-credentials', `https://deploy:${S.gitCred}@github.com\n`, [
        'https://deploy:',
        '@github.com',
      ]),
      v('shellscript', 'clone.sh', `git clone https://x-access-token:${S.gitCred}@github.com/org/repo.git\n`, [
        '@github.com/org/repo.git',
      ]),
    ],
  },
  {
    shape: 'pgpass',
    secrets: [S.pgpass],
    variants: [
      v('plaintext', '.pgpass', `db.internal:5432:shop:app:${S.pgpass}\n`, ['db.internal:5432:shop:app:']),
      v('shellscript', 'pgpass.sh', `echo "db.internal:5432:*:app:${S.pgpass}" > ~/.pgpass\n`, [
        'echo "db.internal:5432:*:app:',
      ]),
    ],
  },
  {
    shape: 'java-properties',
    secrets: [S.props],
    variants: [
      v(
        'properties',
        'application.properties',
        `spring.datasource.username=app\nspring.datasource.password=${S.props}\n`,
        ['spring.datasource.username=app', 'spring.datasource.password='],
      ),
      v('yaml', 'application.yml', `spring:\n  datasource:\n    password: ${S.props}\n`, ['    password: ']),
    ],
  },
  {
    shape: 'toml-password',
    secrets: [S.toml],
    variants: [
      v('toml', 'config.toml', `[database]\nuser = "app"\npassword = "${S.toml}"\n`, ['[database]', 'user = "app"']),
      v('toml', 'pyproject.toml', `[tool.poetry.http-basic.private]\nusername = "ci"\npassword = '${S.toml}'\n`, [
        'username = "ci"',
      ]),
    ],
  },
  {
    shape: 'npmrc-auth-token',
    secrets: [S.npmrc],
    variants: [
      v('ini', '.npmrc', `//npm.internal/:_authToken=${S.npmrc}\n`, ['//npm.internal/:_authToken=']),
      v('yaml', '.yarnrc.yml', `npmRegistries:\n  "https://npm.internal":\n    npmAuthToken: ${S.npmrc}\n`, [
        '    npmAuthToken: ',
      ]),
    ],
  },
  {
    shape: 'pypi-token',
    secrets: [S.pypi],
    variants: [
      v('ini', '.pypirc', `[pypi]\nusername = __token__\npassword = ${j('py', 'pi-')}${S.pypi}\n`, [
        'username = __token__',
      ]),
      v('shellscript', 'publish.sh', `twine upload -u __token__ -p ${j('py', 'pi-')}${S.pypi} dist/*\n`, [
        'twine upload -u __token__ -p ',
      ]),
    ],
  },
  {
    shape: 'docker-login-password',
    secrets: [S.dockerLogin],
    variants: [
      v('shellscript', 'push.sh', `docker login -u robot -p ${S.dockerLogin} registry.internal\n`, [
        'docker login -u robot -p ',
        ' registry.internal',
      ]),
      v(
        'yaml',
        '.gitlab-ci.yml',
        `script:\n  - docker login --username robot --password ${S.dockerLogin} registry.internal\n`,
        ['docker login --username robot --password '],
      ),
    ],
  },
  {
    shape: 'mongodb-srv-url',
    secrets: [S.mongo],
    variants: [
      v(
        'javascript',
        'db.js',
        `mongoose.connect('mongodb+srv://app:${S.mongo}@cluster0.cnry.mongodb.net/shop?retryWrites=true');\n`,
        ['mongodb+srv://app:', '@cluster0.cnry.mongodb.net/shop'],
      ),
      v('dotenv', '.env', `MONGO_URI=mongodb+srv://app:${S.mongo}@cluster0.cnry.mongodb.net\n`, [
        'MONGO_URI=mongodb+srv://app:',
      ]),
    ],
  },
  {
    shape: 'inline-env-password',
    secrets: [S.pgEnv],
    variants: [
      v('shellscript', 'restore.sh', `PGPASSWORD=${S.pgEnv} psql -h db.internal -U app shop\n`, [
        'PGPASSWORD=',
        ' psql -h db.internal -U app shop',
      ]),
      v('yaml', 'job.yml', `steps:\n  - run: PGPASSWORD=${S.pgEnv} pg_dump -h db.internal shop\n`, [
        '  - run: PGPASSWORD=',
      ]),
    ],
  },
  {
    shape: 'azure-sas-signature',
    secrets: [S.sas],
    variants: [
      v(
        'python',
        'blob.py',
        `url = "https://cnry.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&sp=r&sig=${S.sas}"\n`,
        ['https://cnry.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&sp=r&sig='],
      ),
      v('dotenv', '.env', `BLOB_SAS=sv=2022-11-02&sp=r&sig=${S.sas}\n`, ['BLOB_SAS=sv=2022-11-02&sp=r&sig=']),
    ],
  },
  {
    shape: 'api-key-header',
    secrets: [S.apiKeyHeader],
    variants: [
      v('shellscript', 'call.sh', `curl -H "X-API-Key: ${S.apiKeyHeader}" https://api.internal\n`, [
        'curl -H "X-API-Key: ',
      ]),
      v('http', 'api.http', `GET https://api.internal\nX-Api-Key: ${S.apiKeyHeader}\n`, ['X-Api-Key: ']),
      v('python', 'call.py', `headers = {"x-api-key": "${S.apiKeyHeader}"}\n`, ['headers = {"x-api-key": "']),
    ],
  },
  {
    shape: 'token-cli-flag',
    secrets: [S.tokenFlag],
    variants: [
      v('shellscript', 'ci.sh', `gh-release upload --token ${S.tokenFlag} dist/app.tgz\n`, [
        'gh-release upload --token ',
        ' dist/app.tgz',
      ]),
      v('yaml', 'ci.yml', `- run: deployer push --api-key=${S.tokenFlag}\n`, ['- run: deployer push --api-key=']),
    ],
  },
  {
    shape: 'shopify-token',
    secrets: [S.shopify],
    variants: [
      v('python', 'shop.py', `session = Session(shop, version, "${j('shp', 'at_')}${S.shopify}")\n`, [
        'Session(shop, version, "shpat_',
      ]),
      v('dotenv', '.env', `SHOPIFY_ADMIN=${j('shp', 'at_')}${S.shopify}\n`, ['SHOPIFY_ADMIN=']),
    ],
  },
  {
    shape: 'doppler-token',
    secrets: [S.doppler],
    variants: [
      v('shellscript', 'run.sh', `doppler run --token ${j('dp.', 'st.')}${S.doppler} -- node app.js\n`, [
        'doppler run --token ',
      ]),
      v('dotenv', '.env', `DOPPLER=${j('dp.', 'st.')}${S.doppler}\n`, ['DOPPLER=']),
    ],
  },
  {
    shape: 'linear-api-key',
    secrets: [S.linear],
    variants: [
      v(
        'typescript',
        'linear.ts',
        `const linear = new LinearClient({ apiKey: "${j('lin', '_api_')}${S.linear}" });\n`,
        ['new LinearClient({ apiKey: "'],
      ),
      v('dotenv', '.env', `LINEAR=${j('lin', '_api_')}${S.linear}\n`, ['LINEAR=']),
    ],
  },
  {
    shape: 'databricks-token',
    secrets: [S.databricks],
    variants: [
      v('python', 'dbx.py', `w = WorkspaceClient(host=host, token="${j('da', 'pi')}${S.databricks}")\n`, [
        'WorkspaceClient(host=host, token="',
      ]),
      v(
        'ini',
        '.databrickscfg',
        `[DEFAULT]\nhost = https://cnry.cloud.databricks.com\ntoken = ${j('da', 'pi')}${S.databricks}\n`,
        ['host = https://cnry.cloud.databricks.com'],
      ),
    ],
  },
  {
    shape: 'named-auth-token',
    secrets: [S.twilio],
    variants: [
      v(
        'python',
        'sms.py',
        `client = Client(account_sid, auth_token="${S.twilio}")\nTWILIO_AUTH_TOKEN = "${S.twilio}"\n`,
        ['TWILIO_AUTH_TOKEN = "'],
      ),
      v('dotenv', '.env', `TWILIO_AUTH_TOKEN=${S.twilio}\n`, ['TWILIO_AUTH_TOKEN=']),
    ],
  },
  {
    shape: 'discord-webhook',
    secrets: [S.discordHook],
    variants: [
      v('python', 'notify.py', `HOOK = "https://discord.com/api/webhooks/1234567890123/${S.discordHook}"\n`, [
        'https://discord.com/api/webhooks/',
      ]),
      v('yaml', 'notify.yaml', `discord: https://discord.com/api/webhooks/1234567890123/${S.discordHook}\n`, [
        'discord: https://discord.com/api/webhooks/',
      ]),
    ],
  },
  {
    shape: 'gcp-service-account-json',
    secrets: [S.privateJson],
    variants: [
      v(
        'json',
        'sa.json',
        `{"type": "service_account", "private_key": "${j('-----BEGIN ', 'PRIVATE', ' KEY-----')}\\n${S.privateJson}\\n${j('-----END ', 'PRIVATE', ' KEY-----')}\\n", "client_email": "ci@cnry.iam.gserviceaccount.com"}\n`,
        ['"client_email": "ci@cnry.iam.gserviceaccount.com"'],
      ),
      v(
        'python',
        'sa.py',
        `info = {"private_key": "${j('-----BEGIN ', 'PRIVATE', ' KEY-----')}\\n${S.privateJson}\\n${j('-----END ', 'PRIVATE', ' KEY-----')}\\n"}\n`,
        ['info = {"private_key": "'],
      ),
    ],
  },
  {
    shape: 'session-cookie-header',
    secrets: [S.cookie],
    variants: [
      v('http', 'api.http', `GET /admin\nCookie: connect.sid=${S.cookie}\n`, ['Cookie: connect.sid=']),
      v('shellscript', 'call.sh', `curl -b "session_token=${S.cookie}" https://app.internal\n`, [
        'curl -b "session_token=',
      ]),
    ],
  },
];

/** Every secret part of the corpus: none may reach a model. */
export function corpusSecrets(): string[] {
  return [...new Set(SHAPES.flatMap((s) => s.secrets))];
}

/** Pieces of `secret` that must not survive: the whole value when short, else every 10-character window. */
export function secretPieces(secret: string): string[] {
  if (secret.length <= 10) return [secret];
  const out: string[] = [];
  for (let i = 0; i + 10 <= secret.length; i += 3) out.push(secret.slice(i, i + 10));
  out.push(secret.slice(-10));
  return out;
}

/** The secret pieces of `shape` present in `text`. */
export function survivors(text: string, secrets: readonly string[]): string[] {
  return secrets.flatMap((s) =>
    secretPieces(s)
      .filter((p) => text.includes(p))
      .slice(0, 1),
  );
}
