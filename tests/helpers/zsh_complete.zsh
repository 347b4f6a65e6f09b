# Type $LINE in a real interactive zsh (on zsh's own pseudo-terminal), with compinit and the
# completion script $SCRIPT loaded, press Tab, and print each candidate zsh's completion system
# accepted as <<candidate>>. compadd is wrapped only to report: it asks the real compadd which
# of its words match what is typed (-O), then adds them as it was asked to.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT=''"
zpty -w z "autoload -Uz compinit && compinit -u -d ${(q)COMPDUMP}"
zpty -w z "source ${(q)SCRIPT}"
zpty -w z 'compadd() { local -a __found; builtin compadd -O __found "$@"; local m; for m in $__found; do print -r -- "<<$m>>"; done; builtin compadd "$@"; }'
zpty -w z "bindkey '^I' complete-word"
# After the completion, _main_complete runs comppostfuncs: it says when the candidates are in
# (keys typed before that would be typeahead, which zsh may answer by not completing at all).
zpty -w z '__completed() { print -r -- "==COMPLETED=="; }; comppostfuncs=(__completed)'
zpty -w z "print READY"
local line
while zpty -r z line; do [[ $line == READY* ]] && break; done
zpty -w -n z "$LINE"$'\t'
while zpty -r z line; do
  print -r -- "$line"
  [[ $line == *'==COMPLETED=='* ]] && break
done
zpty -w z $'\C-u'
zpty -d z
