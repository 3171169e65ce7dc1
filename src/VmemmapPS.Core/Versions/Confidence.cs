namespace VmemmapPS.Core.Versions;

/// <summary>How a timeline entry's commit and releases were established.</summary>
public enum Confidence
{
    /// <summary>Read in the source (or the release diff) at that tag.</summary>
    SourceAtTag,
    /// <summary>Taken from patch, pull-request or stable-review mails, or a release changelog.</summary>
    MailingList,
    /// <summary>Not checked against any source; the release attribution may be off by one.</summary>
    Unverified,
}
