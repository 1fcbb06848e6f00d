namespace ConfluentPartner
{
    /// <summary>What Remove-CcIamUser removed for one input (type name <c>ConfluentPartner.IamUserRemoval</c>).</summary>
    public sealed class IamUserRemoval
    {
        public string? Email { get; set; }
        public string? UserId { get; set; }
        /// <summary>The user was deleted (with it, the server removes the user's role bindings).</summary>
        public bool UserRemoved { get; set; }
        public string? InvitationId { get; set; }
        /// <summary>A pending invitation for the same email was withdrawn.</summary>
        public bool InvitationRemoved { get; set; }
        /// <summary>X-Request-Id of the last request that removed something; quote it to Confluent support.</summary>
        public string? RequestId { get; set; }

        public override string ToString() => Email ?? UserId ?? InvitationId ?? base.ToString()!;
    }
}
