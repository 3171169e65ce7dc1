using System.Collections.Generic;
using System.IO;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Capture;

/// <summary>
/// The files of one host capture, by piece. A piece can come from the capture folder or from a file the user
/// names on its own; a missing piece is simply absent, and the importer says what it could not tell.
/// </summary>
public sealed class HostCapture
{
    private readonly Dictionary<CapturePiece, CaptureFile> _files = new();

    /// <summary>Lines of capture-info.txt: what the script could not read.</summary>
    public List<string> ScriptNotes { get; } = new();

    /// <summary>Reads every piece the folder has (a folder written by vmemmapps-capture.sh).</summary>
    public static HostCapture FromFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new SimException(FailureKind.CaptureNotFound, $"No capture folder at '{folder}'.", folder);
        }

        var capture = new HostCapture();
        foreach (CapturePiece piece in CaptureLayout.Pieces)
        {
            string path = Path.Combine(folder, CaptureLayout.FileName(piece));
            if (File.Exists(path))
            {
                capture.Set(piece, path);
            }
        }

        string info = Path.Combine(folder, CaptureLayout.InfoFile);
        if (File.Exists(info))
        {
            foreach (string line in File.ReadAllLines(info))
            {
                if (line.Trim().Length > 0)
                {
                    capture.ScriptNotes.Add(line.Trim());
                }
            }
        }

        return capture;
    }

    /// <summary>Reads <paramref name="path"/> as <paramref name="piece"/>, replacing what the folder had.</summary>
    public void Set(CapturePiece piece, string path)
    {
        if (!File.Exists(path))
        {
            throw new SimException(FailureKind.CaptureNotFound, $"No file at '{path}' for the {piece} piece of the capture.", path);
        }

        _files[piece] = new CaptureFile(path, File.ReadAllText(path));
    }

    /// <summary>A piece given as a value (for example -KernelRelease), named by where it came from.</summary>
    public void SetText(CapturePiece piece, string source, string text) => _files[piece] = new CaptureFile(source, text);

    public CaptureFile? Get(CapturePiece piece) => _files.TryGetValue(piece, out CaptureFile? f) ? f : null;

    public bool Has(CapturePiece piece) => _files.ContainsKey(piece);
}
