using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Errors
{
    /// <summary>A cmdlet's own advice for a failure (ErrorDetails.RecommendedAction), or null to use the mapper's default.</summary>
    internal delegate string? Remedy(CcApiException failure);
}
