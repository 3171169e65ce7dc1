using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Capture;

/// <summary>Builds the refusal for a capture file that is not in the format its tool writes, naming file and line.</summary>
internal static class CaptureFormat
{
    public static SimException Error(CaptureFile file, int line, string message) =>
        new(FailureKind.InvalidCapture, line > 0 ? $"{file.Source}:{line}: {message}" : $"{file.Source}: {message}", file.Source);
}
