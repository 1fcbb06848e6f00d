using System;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner
{
    /// <summary>An iam/v2 role binding as cmdlets emit it (type name <c>ConfluentPartner.IamRoleBinding</c>).</summary>
    public sealed class IamRoleBinding
    {
        public string? Id { get; set; }
        /// <summary>User:u-... or Group:....</summary>
        public string? Principal { get; set; }
        public string? RoleName { get; set; }
        public string? CrnPattern { get; set; }
        /// <summary>The user's email when the cmdlet knew it (bound by email, or at invite time).</summary>
        public string? Email { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        /// <summary>True when the binding existed before this run (-SkipExisting, or a re-run of New-CcIamInvitation).</summary>
        public bool AlreadyExisted { get; set; }
        /// <summary>X-Request-Id of the response that produced this object; quote it to Confluent support.</summary>
        public string? RequestId { get; set; }

        internal static IamRoleBinding From(RoleBinding model, string? requestId, bool alreadyExisted = false, string? email = null) => new IamRoleBinding
        {
            Id = model.Id,
            Principal = model.Principal,
            RoleName = model.RoleName,
            CrnPattern = model.CrnPattern,
            Email = email,
            CreatedAt = IamInvitation.ParseTime(model.Metadata?.CreatedAt),
            AlreadyExisted = alreadyExisted,
            RequestId = requestId,
        };

        /// <summary>What Remove-CcIamRoleBinding -PassThru writes: a copy of the piped binding (or just the id) with the DELETE's request id.</summary>
        internal static IamRoleBinding Removed(IamRoleBinding? piped, string id, string? requestId)
        {
            var removed = piped == null ? new IamRoleBinding { Id = id } : (IamRoleBinding)piped.MemberwiseClone();
            removed.RequestId = requestId;
            return removed;
        }

        public override string ToString() => $"{RoleName} on {CrnPattern}";
    }
}
