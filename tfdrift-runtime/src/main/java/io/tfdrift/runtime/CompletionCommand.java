package io.tfdrift.runtime;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tfdrift completion bash|zsh}: prints a shell completion script for every command and
 * option. The same script serves zsh through its bash completion compatibility ({@code
 * bashcompinit}), which the script enables itself.
 */
@Command(
    name = "completion",
    description = {
      "Prints a shell completion script.",
      "bash: source <(tfdrift completion bash)   (or save it in /etc/bash_completion.d/)",
      "zsh:  source <(tfdrift completion zsh)    (uses zsh's bashcompinit)"
    },
    mixinStandardHelpOptions = true)
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final PrintStream out;

  CompletionCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    out.print(AutoComplete.bash("tfdrift", spec.root().commandLine()));
    out.flush();
    return 0;
  }
}
