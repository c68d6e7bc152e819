import type { GitSetting } from './filterDrivers';

// Every git setting whose value is a program that the git commands an agent may run (diff, log, show,
// status, and their --help) can start, per git-config(1) of git 2.39, replaced by a harmless one. With
// gitHardening's forcedConfig (hooksPath, fsmonitor, pager, editor, sshCommand) and filterDrivers'
// overrides (diff/filter/merge drivers, diff.external) this covers every program-valued key these commands read.
// Keys only other commands read (difftool/mergetool, send-email, submodule update, interpret-trailers,
// fetch/push: remote.*.uploadpack/receivepack/vcs, core.gitProxy, core.alternateRefsCommand) are not
// reachable: agents may not run those commands, and GIT_CONFIG_COUNT cannot unset a key.
export const agentProgramSettings: readonly GitSetting[] = [
  // `git log --show-signature` and the %G? / %GS / %GK formats verify signatures with these, whatever gpg.format says.
  ['gpg.program', 'false'],
  ['gpg.openpgp.program', 'false'],
  ['gpg.x509.program', 'false'],
  ['gpg.ssh.program', 'false'],
  ['gpg.ssh.defaultKeyCommand', 'false'],
  ['sequence.editor', 'true'],
  ['core.askPass', 'false'],
  ['interactive.diffFilter', 'cat'],
  // `git log --help` runs `git help log`: the man page through plain `man`, never a configured viewer or browser.
  ['help.format', 'man'],
  ['man.viewer', 'man'],
  ['man.man.path', 'man'],
  // An empty helper empties the list of credential helpers read before it.
  ['credential.helper', ''],
];

/** `git config --get-regexp` pattern of the keys with a subsection that name a program (see programOverrides). */
export const programConfigPattern = '^(credential\\..+\\.helper|tar\\..+\\.command)$';

/** Settings that neutralize the configured keys with a subsection that name a program (keys as `git config --name-only` prints them). */
export function programOverrides(keys: readonly string[]): GitSetting[] {
  const settings: GitSetting[] = [];
  for (const key of keys) {
    if (/^credential\..+\.helper$/s.test(key)) settings.push([key, '']);
    // git archive's compressor for a format: plain tar through cat.
    else if (/^tar\..+\.command$/s.test(key)) settings.push([key, 'cat']);
  }
  return settings;
}
