" Runs the README's ALE language-server recipe in real Vim + ALE: SNIPPET is the recipe, TARGET
" the job file, APPEND a line added to the buffer without saving, OUT where ALE's location list is
" written once upstart-lint's diagnostics have arrived (or after 20 seconds).
set nocompatible
let &runtimepath = '/usr/share/vim-ale,' . &runtimepath . ',/usr/share/vim-ale/after'
let g:ale_echo_cursor = 0
execute 'source ' . fnameescape($SNIPPET)
filetype plugin on
runtime plugin/ale.vim
execute 'edit ' . fnameescape($TARGET)
if !empty($APPEND)
  call append(line('$'), $APPEND)
endif
ALELint
let s:n = 0
while s:n < 400
  sleep 50m
  let s:n += 1
  if !empty(get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', []))
    " One more moment for a late update of the same lint.
    sleep 200m
    break
  endif
endwhile
call writefile([json_encode({'filetype': &filetype, 'modified': &modified, 'loclist': get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', [])})], $OUT)
qa!
