// The tool installer (scripts/tools.ts) runs `npm install` for node@24 and code-server from inside
// `npm test` / `npm start`. The outer npm exports its settings as npm_config_* / npm_* variables; a
// nested install that inherited npm_config_user_agent ("npm/11 node/v20 …") made code-server's
// postinstall refuse ("requires node v24"). The environment handed to nested installs drops them all.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { nestedInstallEnv } from '../../scripts/tools';

describe('nested npm installs get a clean npm environment', () => {
  const outer: NodeJS.ProcessEnv = {
    PATH: '/usr/local/bin:/usr/bin',
    HOME: '/home/someone',
    LANG: 'C.UTF-8',
    npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
    npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    npm_config_nodedir: '/usr',
    npm_config_cache: '/root/.npm',
    NPM_CONFIG_PREFIX: '/usr/local',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_node_execpath: '/usr/bin/node',
    npm_lifecycle_event: 'test',
    npm_lifecycle_script: 'node scripts/bootstrap.mjs && tsx scripts/test-all.ts',
    npm_package_name: 'tandem',
    INIT_CWD: '/work/tandem',
  };

  it('carries none of the outer npm_config_* / npm_* variables, in any case', () => {
    const env = nestedInstallEnv(outer);
    assert.deepEqual(Object.keys(env).filter((k) => /^npm_/i.test(k)), []);
    assert.equal(env.PATH, outer.PATH);
    assert.equal(env.HOME, outer.HOME);
    assert.equal(env.LANG, outer.LANG);
  });

  it('keeps the variables the installer sets on purpose (nodedir for Node 24, allowed scripts, PATH)', () => {
    const env = nestedInstallEnv(outer, {
      npm_config_dangerously_allow_all_scripts: 'true',
      npm_config_nodedir: '/cache/node-24/headers',
      PATH: '/cache/node-24/bin:/usr/bin',
    });
    assert.equal(env.npm_config_nodedir, '/cache/node-24/headers');
    assert.equal(env.npm_config_dangerously_allow_all_scripts, 'true');
    assert.equal(env.PATH, '/cache/node-24/bin:/usr/bin');
    assert.deepEqual(
      Object.keys(env).filter((k) => /^npm_/i.test(k)).sort(),
      ['npm_config_dangerously_allow_all_scripts', 'npm_config_nodedir'],
    );
    assert.equal(env.npm_config_user_agent, undefined, 'the outer user agent (node/v20) is gone');
  });

  it('is what a child process really receives', function () {
    // Inside this mocha run (itself possibly started by npm), a child given the clean environment
    // sees no inherited user agent until its own npm sets one.
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(Object.keys(process.env).filter((k) => /^npm_/i.test(k))))'], {
      env: nestedInstallEnv({ ...process.env, npm_config_user_agent: 'npm/11 node/v20.0.0', npm_lifecycle_event: 'test' }),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });
});
