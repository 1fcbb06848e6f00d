using System;
using System.Globalization;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner
{
    /// <summary>An iam/v2 invitation as cmdlets emit it (type name <c>ConfluentPartner.IamInvitation</c>).</summary>
    public sealed class IamInvitation
    {
        public string? Id { get; set; }
        public string? Email { get; set; }
        public string? AuthType { get; set; }
        public string? Status { get; set; }
        public DateTimeOffset? ExpiresAt { get; set; }
        public DateTimeOffset? AcceptedAt { get; set; }
        public string? UserId { get; set; }
        public string? CreatorId { get; set; }
        public string? ResourceName { get; set; }
        public string? Self { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        /// <summary>X-Request-Id of the response that produced this object; quote it to Confluent support.</summary>
        public string? RequestId { get; set; }
        /// <summary>True when the invitation existed before this run (a re-run with -SkipExisting).</summary>
        public bool AlreadyExisted { get; set; }
        /// <summary>The role bindings New-CcIamInvitation -RoleName made (or found, AlreadyExisted) for the invited user.</summary>
        public IamRoleBinding[] RoleBindings { get; set; } = new IamRoleBinding[0];

        internal static IamInvitation From(Invitation model, string? requestId, bool alreadyExisted = false) => new IamInvitation
        {
            Id = model.Id,
            Email = model.Email,
            AuthType = model.AuthType,
            Status = model.Status,
            ExpiresAt = ParseTime(model.ExpiresAt),
            AcceptedAt = ParseTime(model.AcceptedAt),
            UserId = model.User?.Id,
            CreatorId = model.Creator?.Id,
            ResourceName = model.Metadata?.ResourceName,
            Self = model.Metadata?.Self,
            CreatedAt = ParseTime(model.Metadata?.CreatedAt),
            RequestId = requestId,
            AlreadyExisted = alreadyExisted,
        };

        /// <summary>What Remove-CcIamInvitation -PassThru writes: a copy of the piped invitation (or just the id) with the DELETE's request id.</summary>
        internal static IamInvitation Removed(IamInvitation? piped, string id, string? requestId)
        {
            var removed = piped == null ? new IamInvitation { Id = id } : (IamInvitation)piped.MemberwiseClone();
            removed.RequestId = requestId;
            return removed;
        }

        /// <summary>RFC 3339, and the contract's own examples' "2022-07-06 17:21:33+00:00" form.</summary>
        internal static DateTimeOffset? ParseTime(string? value) =>
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;

        public override string ToString() => Email ?? Id ?? base.ToString()!;
    }
}
