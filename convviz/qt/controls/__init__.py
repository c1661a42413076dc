"""Controls that change the lesson: transport, timeline, sizes, the walk, the layer.

They show whatever the model holds and write only what the user changed.
"""
