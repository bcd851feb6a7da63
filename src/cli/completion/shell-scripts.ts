// What homenova adds to the completion functions @oclif/plugin-autocomplete
// writes (`homenova autocomplete bash|zsh`): where a word names something in the
// store, ask dist/complete.js for the names; anywhere else, oclif's function
// completes commands and flags as before. The plugin's scripts are static
// (generated once), so this is the only way to offer names that change.
import { commandLine } from '../../hypervisor/quote.js'

const MARK = '# homenova: names from the store'

/** The bash function file with the store's names added (unchanged if already added). */
export function withBashNames(script: string, bin: string, helper: readonly string[]): string {
  if (script.includes(MARK)) return script
  return `${script}
${MARK} (servers, flavors, images, hosts, keypairs, server groups)
# where a command takes one; oclif's _${bin}_autocomplete everywhere else.
_${bin}_store_names()
{
  local cur="\${COMP_WORDS[COMP_CWORD]}" line
  local -a lines=()
  while IFS= read -r line; do lines+=("$line"); done < <(${commandLine(helper)} "$cur" "\${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)
  if [[ "\${lines[0]}" == names ]]; then
    COMPREPLY=("\${lines[@]:1}")
  else
    _${bin}_autocomplete
  fi
}

complete -F _${bin}_store_names ${bin}
`
}

/** The zsh function file with the store's names added: oclif's _bin becomes _bin_oclif, called where no name is wanted. */
export function withZshNames(script: string, bin: string, helper: readonly string[]): string {
  if (script.includes(MARK)) return script
  const call = new RegExp(`\\n_${bin}\\s*$`)
  const definition = new RegExp(`\\n_${bin}\\s*\\(\\)\\s*\\{`)
  if (!call.test(script) || !definition.test(script)) return script // a layout we do not know: leave it as oclif made it
  return `${script.replace(call, '\n').replace(definition, `\n_${bin}_oclif() {`)}
${MARK} (servers, flavors, images, hosts, keypairs, server groups)
# where a command takes one; oclif's completion everywhere else.
_${bin}() {
  local -a lines
  lines=("\${(@f)$(${commandLine(helper)} "\${words[CURRENT]}" "\${(@)words[2,CURRENT-1]}" 2>/dev/null)}")
  if [[ "\${lines[1]}" == names ]]; then
    compadd -- "\${(@)lines[2,-1]}"
  else
    _${bin}_oclif "$@"
  fi
}

_${bin} "$@"
`
}
