/**
 * A button for a step that cannot be undone (delete, revoke): it opens a modal <dialog> that says
 * what will happen; Cancel (focused first) or Escape closes it, Confirm runs the action.
 */
import type { ComponentChildren } from 'preact'
import { useId, useRef } from 'preact/hooks'

export function ConfirmButton({
  label,
  title,
  confirmLabel,
  onConfirm,
  disabled,
  children,
}: {
  label: string
  title: string
  confirmLabel: string
  onConfirm: () => void
  disabled?: boolean
  children: ComponentChildren
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  const id = useId()
  const open = () => {
    dialog.current?.showModal()
    cancel.current?.focus()
  }
  const close = () => dialog.current?.close()
  return (
    <>
      <button type="button" class="danger" onClick={open} disabled={disabled}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`}>{children}</div>
        <p class="actions">
          <button type="button" class="secondary" ref={cancel} onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            class="danger"
            onClick={() => {
              close()
              onConfirm()
            }}
          >
            {confirmLabel}
          </button>
        </p>
      </dialog>
    </>
  )
}
