/**
 * Completion scripts for login shells. Each hands the command line up to the cursor to
 * `awsmsg __complete`, which answers with the same candidates as the interactive shell.
 */
const BASH = `# awsmsg completion for bash: eval "$(awsmsg completion bash)"
_awsmsg_complete() {
    local IFS=$'\\n'
    COMPREPLY=($(AWSMSG_COMP_WORDBREAKS="$COMP_WORDBREAKS" awsmsg __complete bash "\${COMP_LINE:0:COMP_POINT}" 2>/dev/null))
}
complete -o default -F _awsmsg_complete awsmsg
`;

const ZSH = `# awsmsg completion for zsh: eval "$(awsmsg completion zsh)"
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }
_awsmsg() {
    local -a candidates
    candidates=(\${(f)"$(awsmsg __complete zsh "\${(j: :)words[1,CURRENT]}" 2>/dev/null)"})
    (( \${#candidates} )) && compadd -a candidates
}
compdef _awsmsg awsmsg
`;

const FISH = `# awsmsg completion for fish: awsmsg completion fish > ~/.config/fish/completions/awsmsg.fish
function __awsmsg_complete
    awsmsg __complete fish (commandline -cp) 2>/dev/null
end
complete -c awsmsg -f -a '(__awsmsg_complete)'
`;

export function completionScript(shell: string): string | undefined {
  return ({ bash: BASH, zsh: ZSH, fish: FISH } as Record<string, string>)[shell];
}
