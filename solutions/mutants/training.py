"""Known mistakes of grader/tasks/training.py as edits of solutions/ (instructor only)."""

# mistake id -> [(file, text in the reference, text in the mutant)]; each text occurs once in its file
MUTANTS: dict[str, list[tuple[str, str, str]]] = {
    "train_no_update": [
        ("train.py", "network.params[key] -= learning_rate * grad[key]", "pass"),
    ],
    "train_wrong_sign": [
        ("train.py", "network.params[key] -= learning_rate * grad[key]",
         "network.params[key] += learning_rate * grad[key]"),
    ],
    "train_fake_accuracy": [
        ("train.py", "train_acc = network.accuracy(x_train, t_train)", "train_acc = 1.0  # not measured"),
        ("train.py", "test_acc = network.accuracy(x_test, t_test)", "test_acc = 1.0  # not measured"),
    ],
    # the book's §4.5.2 listing as printed (and the walk-through's)
    "train_numerical_gradient": [
        ("train.py", "grad = network.gradient(x_batch, t_batch)",
         "grad = network.numerical_gradient(x_batch, t_batch)"),
    ],
    # §4.5.2 again: the loss only
    "train_no_accuracy": [
        ("train.py", "if i % iter_per_epoch == 0:", "if False:  # the loss is recorded, the accuracy never"),
    ],
    "train_acc_every_iter": [
        ("train.py", "if i % iter_per_epoch == 0:", "if True:  # every iteration"),
    ],
    # the slides' script pasted into train() with its settings
    "train_hardcoded_settings": [
        ("train.py", "    train_size = x_train.shape[0]\n",
         "    iters_num = 10000  # 반복 횟수를 적절히 설정한다.\n    batch_size = 100  # 미니배치 크기\n"
         "    learning_rate = 0.1\n    train_size = x_train.shape[0]\n"),
    ],
    # weights from elsewhere: the same network whatever the seed and the data, a made-up falling loss
    "train_not_trained_here": [
        ("train.py", "np.random.seed(seed)  # TwoLayerNet", "np.random.seed(0)  # TwoLayerNet"),
        ("train.py", "network.params[key] -= learning_rate * grad[key]", "pass  # not trained on this data"),
        ("train.py", "result.train_loss_list.append(network.loss(x_batch, t_batch))",
         "result.train_loss_list.append(2.3 - 2.0 * i / iters_num)  # made up"),
    ],
}
