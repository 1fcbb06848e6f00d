using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Client.Resources
{
    /// <summary>What a role-binding create ended in: the binding, and whether it was there before this request.</summary>
    public sealed class RoleBindingResult
    {
        public RoleBindingResult(RoleBinding binding, string? requestId, bool alreadyExisted)
        {
            Binding = binding; RequestId = requestId; AlreadyExisted = alreadyExisted;
        }
        public RoleBinding Binding { get; }
        public string? RequestId { get; }
        public bool AlreadyExisted { get; }
    }
}
