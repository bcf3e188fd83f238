;; Runs the README's lsp-mode recipe (its upstart-mode and lsp-mode blocks, in SNIPPET) in real
;; Emacs + lsp-mode: opens TARGET, adds APPEND without saving, starts lsp-mode, waits for
;; upstart-lint's diagnostics (through flymake) and writes them to OUT: the major mode and whether
;; lsp-mode is on, then one line per diagnostic. The settings below only keep batch mode from
;; asking questions (project root) or writing session files into HOME.
(package-initialize)
(setq lsp-auto-guess-root t lsp-enable-snippet nil lsp-headerline-breadcrumb-enable nil lsp-modeline-code-actions-enable nil lsp-diagnostics-provider :flymake lsp-session-file (expand-file-name "lsp-session" (getenv "HOME")) lsp-restart 'ignore lsp-keep-workspace-alive nil)
(load (getenv "SNIPPET"))
(find-file (getenv "TARGET"))
(when (> (length (or (getenv "APPEND") "")) 0)
  (goto-char (point-max))
  (insert (getenv "APPEND") "\n"))
(unless (bound-and-true-p lsp-mode) (lsp))
(run-hooks 'post-command-hook)
(let ((n 0))
  (while (and (< n 200) (null (flymake-diagnostics)))
    (accept-process-output nil 0.1)
    (setq n (1+ n))))
(let ((n 0)) (while (< n 5) (accept-process-output nil 0.1) (setq n (1+ n))))
(let ((lines (list (format "%s %s" major-mode (bound-and-true-p lsp-mode)))))
  (dolist (d (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))
    (save-excursion
      (goto-char (flymake-diagnostic-beg d))
      (push (format "%d %s %s" (line-number-at-pos) (flymake-diagnostic-type d) (flymake-diagnostic-text d)) lines)))
  (with-temp-file (getenv "OUT") (insert (mapconcat #'identity (nreverse lines) "\n") "\n")))
(kill-emacs 0)
