/** Who acts: the org they act in and their email (from their API key), as audit entries name them. */
export interface Actor {
  orgId: string
  email: string
}
