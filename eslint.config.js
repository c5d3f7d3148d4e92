// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Process boundaries are folders, and these rules keep them:
 * - renderer/ is browser-only: no node:*, no electron, no server/db code (types only).
 * - server/ and db/ never import electron or the renderer.
 * - electron/ never imports the renderer, nor db/ (it talks to the server over HTTP).
 * - migrations never import app code (they must stay as they were when released).
 */
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'net',
  'url',
  'util',
];

/** Patterns every server/ and db/ file keeps (repeated where a block overrides the rule). */
const serverBoundaries = [
  { group: ['electron'], message: 'The server is plain Node: it also runs in web mode.' },
  { group: ['**/renderer/**'], message: 'The server never imports UI code.' },
];

/**
 * Centre-zone dates (the desk must be correct to the day on deadlines). A calendar date of an
 * instant is the CENTRE's date of it: server/domain/shared/centre-date.ts `centreDateOf(iso, zone)` /
 * `localDateOf(date, zone)` (server: server/domain/dates.ts re-exports them; `ctx.today` is
 * today's), labelled with server/domain/shared/date-labels.ts; times on screen with components/CentreTime.tsx.
 * Cutting the date out of an ISO instant gives the UTC date (tomorrow's, in New York, after
 * 19:00), and the Date getters, toLocale…String and date-fns' calendar functions use the PC's or
 * server's zone. A cut that is right (the value is already a `YYYY-MM-DD`, or a deliberately UTC
 * key) stays with `// eslint-disable-next-line no-restricted-syntax -- <why>`.
 */
const CENTRE_DATE =
  'use the centre-zone helper: centreDateOf(iso, zone) / localDateOf(date, zone) from server/domain/shared/centre-date.ts (server: server/domain/dates.ts, ctx.today), labels from server/domain/shared/date-labels.ts';
const centreDateSyntax = [
  {
    selector:
      'CallExpression[callee.property.name=/^(slice|substring|substr)$/][arguments.0.value=0][arguments.1.value=10]',
    message: `\`.slice(0, 10)\` / \`.substring(0, 10)\` of an instant is its UTC date, not the centre's: ${CENTRE_DATE}. A value that is already YYYY-MM-DD: disable with the reason.`,
  },
  {
    selector: "CallExpression[callee.property.name='split'][arguments.0.value='T']",
    message: `\`split('T')\` of an instant gives its UTC date, not the centre's: ${CENTRE_DATE}.`,
  },
  {
    selector:
      "CallExpression[callee.property.name=/^(slice|substring|substr|split)$/][callee.object.callee.property.name='toISOString']",
    message: `A cut of toISOString() is a UTC date, not the centre's: ${CENTRE_DATE}.`,
  },
  {
    selector:
      'CallExpression[callee.property.name=/^(getDate|getDay|getMonth|getFullYear|getYear|getHours|getMinutes|getTimezoneOffset|setDate|setMonth|setFullYear|setHours|toLocaleDateString|toLocaleTimeString|toDateString|toTimeString)$/]',
    message: `A Date's calendar getters and toLocale…String use the PC's/server's zone, not the centre's: ${CENTRE_DATE}; times on screen: components/CentreTime.tsx.`,
  },
  {
    selector:
      "ImportDeclaration[source.value='date-fns'] > ImportSpecifier[imported.name=/^(format|formatISO|formatISO9075|lightFormat|startOf(Day|Week|Month|Year)|endOf(Day|Week|Month|Year)|is(Today|Tomorrow|Yesterday|SameDay|SameMonth|SameYear|ThisMonth|ThisYear)|differenceInCalendar(Days|Months|Years)|getDate|getDay|getMonth|getYear|getHours|parse|parseISO)$/]",
    message: `date-fns calendar functions work in the machine's zone unless given \`{ in: tz(zone) }\` (@date-fns/tz): ${CENTRE_DATE}. Where every call passes the centre's zone, disable with that reason.`,
  },
];

/**
 * Business time comes from the app clock, never the machine's (server/ and db/). A training
 * desk lives on the trainer's clock (server/training/clock.ts), so a record stamped with the
 * machine's time (a thread link or a presence time in real December while the class is on
 * 20 November) disagrees with everything else, and a deadline computed from it is wrong. Use
 * cases read `ctx.now` / `ctx.today` (or `deps.clock.now()` outside a request); repositories
 * take the time as a parameter. Plumbing that is about the machine's real time (throttle
 * windows, TTLs, lock files, backup names, the wall-vs-monotonic watch) stays with
 * `// eslint-disable-next-line no-restricted-syntax -- <why>`.
 */
const APP_CLOCK =
  "business time is the app clock's (ctx.now / ctx.today in a use case, deps.clock.now() outside a request; a repository takes it as a parameter): the machine's time disagrees with the trainer's clock. Real machine time (throttle, TTL, lock, backup name): disable with the reason";
const machineClockSyntax = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: `\`new Date()\` is the machine's time: ${APP_CLOCK}.`,
  },
  {
    selector: "MemberExpression[object.name='Date'][property.name='now']",
    message: `\`Date.now\` is the machine's time: ${APP_CLOCK}.`,
  },
  {
    selector: "CallExpression[callee.name='Date']",
    message: `\`Date()\` is the machine's time as a string: ${APP_CLOCK}.`,
  },
];

/**
 * Routers run no queries: input schema, role, one call (docs/architecture.md). Query-builder
 * entry points, raw SQL and executing a query are refused by syntax, whatever the receiver is
 * called; value imports of kysely / the drivers are refused too (types are fine).
 */
const QUERY_METHODS =
  '/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|with|withRecursive|execute|executeTakeFirst|executeTakeFirstOrThrow|executeQuery|stream|transaction|connection)$/';
const routerRules = {
  'no-restricted-syntax': [
    'error',
    ...centreDateSyntax,
    ...machineClockSyntax,
    {
      selector: `CallExpression[callee.property.name=${QUERY_METHODS}]`,
      message: 'Routers run no queries: call a use case or a repository function.',
    },
    {
      selector: "TaggedTemplateExpression[tag.name='sql'], MemberExpression[object.name='sql']",
      message: 'Routers run no SQL: put the query in db/repositories/<area>.ts.',
    },
  ],
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...serverBoundaries,
        {
          group: ['kysely', 'better-sqlite3', 'pg', '**/db/database.ts', '**/db/transactions.ts'],
          allowTypeImports: true,
          message: 'Routers run no queries: call a use case or a repository function.',
        },
      ],
    },
  ],
};

/**
 * Routers that still run queries, moved by their owners under issue 15 (remove a file from this
 * list when it moves to server/<area>/router.ts; the rule then holds for it).
 */
/** @type {string[]} */
const ROUTERS_STILL_QUERYING = [];

/**
 * db/ only reads and writes rows: no value imports of server/ (types are fine). A missing row
 * is `null` and a write that lost a race returns false; the use case throws the DomainError.
 */
const dbBoundaries = [
  ...serverBoundaries,
  {
    group: ['**/server/**'],
    allowTypeImports: true,
    message: 'db/ never runs server code (rules belong in server/domain, called by use cases).',
  },
];

/**
 * Tests wait on conditions, never on the clock: a fixed sleep followed by an assert is a race
 * that a loaded CI machine loses (issue 20's CI failure). Wait with `vi.waitFor`, `expect.poll`,
 * Playwright's auto-waiting `expect`, or an event the code emits; a timer under test uses fake
 * timers or the app's clock. A wait that is itself the input (fault timing, simulated latency)
 * stays with `// eslint-disable-next-line no-restricted-syntax -- <why>`: the reason is required.
 */
const FIXED_WAIT =
  'a fixed wait in a test is a race: wait on the condition (vi.waitFor, expect.poll, auto-waiting expect, an event)';
const testWaitRules = {
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.property.name='waitForTimeout']",
      message: `page.waitForTimeout: ${FIXED_WAIT}.`,
    },
    {
      // `new Promise((r) => setTimeout(r, ms))` and `setTimeout(() => r(), ms)`; a timeout that
      // rejects or kills (`setTimeout(() => reject(new Error(…)), ms)`) is not a sleep.
      selector: [
        "NewExpression[callee.name='Promise'] CallExpression[callee.name='setTimeout'][arguments.0.type='Identifier']",
        "NewExpression[callee.name='Promise'] CallExpression[callee.name='setTimeout'][arguments.0.body.type='CallExpression'][arguments.0.body.arguments.length=0]",
      ].join(', '),
      message: `A setTimeout sleep: ${FIXED_WAIT}.`,
    },
    {
      // Listening for a fixed window (`setTimeout(() => ac.abort(), 1500)`): a loaded machine
      // spends the window before the awaited thing happens.
      selector:
        "CallExpression[callee.name='setTimeout'][arguments.0.body.callee.property.name='abort']",
      message: `An abort on a timer: ${FIXED_WAIT}; abort once the condition is seen.`,
    },
    {
      selector: String.raw`ImportDeclaration[source.value=/^(node:)?timers\/promises$/]`,
      message: `timers/promises sleeps: ${FIXED_WAIT}.`,
    },
  ],
  'local/disable-gives-reason': 'error',
};

/**
 * An eslint-disable of a restricted-syntax rule (a test's wait, a date cut in app code) gives
 * its reason after ` -- `.
 * (What @eslint-community/eslint-plugin-eslint-comments' require-description does; that package
 * is not installed.)
 */
const localRules = {
  rules: {
    'disable-gives-reason': {
      meta: {
        type: 'problem',
        schema: [],
        messages: { reason: 'Say why this is allowed: `eslint-disable… rule -- reason`.' },
      },
      /** @param {import('eslint').Rule.RuleContext} context */
      create(context) {
        return {
          Program() {
            for (const comment of context.sourceCode.getAllComments()) {
              const m = /^\s*eslint-disable(?:-next-line|-line)?(?:\s([\s\S]*))?$/.exec(
                comment.value,
              );
              if (!m) continue;
              const [rules = '', reason = ''] = (m[1] ?? '').split(/\s--\s/);
              const covers = rules.trim() === '' || rules.includes('no-restricted-syntax');
              if (covers && reason.trim() === '' && comment.loc)
                context.report({ loc: comment.loc, messageId: 'reason' });
            }
          },
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'bench/results/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeBuiltins,
              message: 'The renderer runs in a browser sandbox: no Node modules.',
            },
            {
              group: ['electron'],
              message: 'The renderer never touches Electron; use the preload bridge.',
            },
            { group: ['**/db/**'], message: 'The renderer reaches data only through tRPC.' },
            {
              regex: String.raw`(^|/)server/(?!router\.ts$|domain/shared/)`,
              message:
                'The renderer may only import the AppRouter type from server/router.ts, and the pure helpers of server/domain/shared/.',
            },
          ],
          paths: [
            {
              name: 'react-router',
              importNames: ['Navigate', 'redirect'],
              message:
                'Redirect with shell/Redirect.tsx: a <Navigate> rendered in a transition can replace a place the user has already moved on to.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: serverBoundaries }] },
  },
  {
    // Pure helpers shared by the renderer (browser) and server/db (Node): no I/O, no platform.
    files: ['server/domain/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'shared/ also runs in the browser: no Node modules.' },
            {
              group: ['**/server/**', '**/db/**', '**/renderer/**', '**/electron/**', 'electron'],
              message: 'shared/ imports nothing of the app: both sides import it.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname', 'window', 'document', 'localStorage'].map(
          (name) => ({ name, message: 'shared/ runs in Node and in the browser alike.' }),
        ),
      ],
    },
  },
  {
    // Every repository and db/ module, no exemptions. The demo-data generator, which builds its
    // rows with the domain rules (dates, schedules, check digits) like a use case does, lives in
    // server/training/seed/.
    files: ['db/**/*.ts'],
    ignores: ['db/migrations/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: dbBoundaries }] },
  },
  {
    files: ['server/*/router.ts', 'server/routers/*.ts'],
    ignores: ROUTERS_STILL_QUERYING,
    rules: routerRules,
  },
  {
    files: ['server/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/**', 'kysely', 'better-sqlite3', 'fastify', '@trpc/*'],
              allowTypeImports: true,
              message: 'Domain rules are pure: no I/O (type imports are fine).',
            },
            { group: ['electron', '**/renderer/**'], message: 'Domain rules are pure.' },
          ],
        },
      ],
    },
  },
  {
    files: ['db/migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['../*', '../../*'], message: 'Migrations never import app code.' }],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**'], message: 'Main/preload never import UI code.' },
            {
              group: ['**/db/**'],
              message: 'Electron talks to the server over HTTP, not to the database.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts'],
    plugins: { local: localRules },
    rules: testWaitRules,
  },
  {
    files: ['db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Centre-zone dates in app code. Not db/migrations (frozen as released) nor
    // server/training/seed (the demo-data generator does date-only arithmetic on UTC day numbers, never on instants).
    // Routers get the same selectors through routerRules (a later block's options replace).
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { local: localRules },
    rules: {
      'no-restricted-syntax': ['error', ...centreDateSyntax],
      'local/disable-gives-reason': 'error',
    },
  },
  {
    // Server and db/: centre-zone dates and the app clock. Not db/migrations (frozen as
    // released, and they run before any app clock exists) nor server/training/seed (the demo-data generator
    // is given its "now" by its caller and does date-only arithmetic on UTC day numbers).
    files: ['server/**/*.ts', 'db/**/*.ts'],
    ignores: [
      'db/migrations/**',
      'server/training/seed/**',
      'server/*/router.ts',
      'server/routers/*.ts',
    ],
    plugins: { local: localRules },
    rules: {
      'no-restricted-syntax': ['error', ...centreDateSyntax, ...machineClockSyntax],
      'local/disable-gives-reason': 'error',
    },
  },
  {
    files: ['server/*/router.ts', 'server/routers/*.ts'],
    plugins: { local: localRules },
    rules: { 'local/disable-gives-reason': 'error' },
  },
);
