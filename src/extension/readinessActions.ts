import * as vscode from 'vscode';
import type { ReadinessAction } from '../shared/reviewerReadiness';
import type { ReviewerCheck } from '../shared/reviewerCheck';
import { cliSignIn, defaultCommand, installCommand } from '../shared/signInSteps';
import type { ApiKeyStore } from './apiKeyStore';

/**
 * What the readiness buttons do: the CLI's own login in a terminal (Check Reviewers runs again when it
 * closes), a key into SecretStorage, the install command in a terminal, or the settings.
 */
export class ReadinessActions implements vscode.Disposable {
  private readonly terminals = new Set<vscode.Terminal>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly keys: ApiKeyStore,
    /** Runs Check Reviewers again (after a sign-in or install terminal closed, or a key was stored). */
    private readonly recheck: () => void,
  ) {
    this.subscription = vscode.window.onDidCloseTerminal((terminal) => {
      if (!this.terminals.delete(terminal)) return;
      this.recheck();
    });
  }

  /** `checks` tell where each CLI was found, so the login runs the same program a review would. */
  async run(action: ReadinessAction, checks: readonly ReviewerCheck[]): Promise<void> {
    switch (action.kind) {
      case 'sign-in': {
        const { name, login } = cliSignIn[action.cli];
        const program = checks.find((check) => check.cli === action.cli && check.binary.path !== null)?.binary.path ?? defaultCommand[action.cli];
        const terminal = vscode.window.createTerminal({ name: `Sign in to ${name}`, shellPath: program, shellArgs: [...login.args] });
        this.terminals.add(terminal);
        terminal.show();
        if (login.then !== null) void vscode.window.showInformationMessage(`In the terminal: ${login.then}, then quit ${name}. Deep Review checks the reviewers again when the terminal closes.`);
        return;
      }
      case 'set-api-key':
        if (await this.keys.promptAndStore(action.cli)) this.recheck();
        return;
      case 'install': {
        const command = installCommand(action.cli);
        await vscode.env.clipboard.writeText(command);
        const terminal = vscode.window.createTerminal({ name: `Install ${cliSignIn[action.cli].name}` });
        this.terminals.add(terminal);
        terminal.show();
        // Typed into the user's own shell, not run: a global install is the user's to confirm (Enter). It is on the clipboard too.
        terminal.sendText(command, false);
        return;
      }
      case 'open-settings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'deepReview.reviewers');
        return;
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
