using System;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner
{
    /// <summary>An iam/v2 user as cmdlets emit it (type name <c>ConfluentPartner.IamUser</c>).</summary>
    public sealed class IamUser
    {
        public string? Id { get; set; }
        public string? Email { get; set; }
        public string? FullName { get; set; }
        public string? AuthType { get; set; }
        public string? ResourceName { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        /// <summary>X-Request-Id of the response that produced this object; quote it to Confluent support.</summary>
        public string? RequestId { get; set; }

        internal static IamUser From(User model, string? requestId) => new IamUser
        {
            Id = model.Id,
            Email = model.Email,
            FullName = model.FullName,
            AuthType = model.AuthType,
            ResourceName = model.Metadata?.ResourceName,
            CreatedAt = IamInvitation.ParseTime(model.Metadata?.CreatedAt),
            RequestId = requestId,
        };

        public override string ToString() => Email ?? Id ?? base.ToString()!;
    }
}
